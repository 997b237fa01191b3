-- nn.CMinTable: elementwise minimum of the tensors of the input table (ties go to the first)
local CMinTable, parent = torch.class('nn.CMinTable', 'nn.Module')
local T = require 'nn._table'

-- __init, updateOutput, updateGradInput: the body shared with nn.CMaxTable
T.define_cextremum(CMinTable, parent, function(x, y) return torch.lt(x, y) end)

return nn.CMinTable
