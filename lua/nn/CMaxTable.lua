-- nn.CMaxTable: elementwise maximum of the tensors of the input table (ties go to the first)
local CMaxTable, parent = torch.class('nn.CMaxTable', 'nn.Module')
local T = require 'nn._table'

-- __init, updateOutput, updateGradInput: the body shared with nn.CMinTable
T.define_cextremum(CMaxTable, parent, function(x, y) return torch.gt(x, y) end)

return nn.CMaxTable
