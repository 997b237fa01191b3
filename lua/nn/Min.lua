-- nn.Min(dimension, nInputDims): min over one dimension (which is removed)
local Min, parent = torch.class('nn.Min', 'nn.Module')

-- __init, updateOutput (torch.min with indices), updateGradInput (scatter), type, clearState:
-- the body shared with nn.Max
require('nn._minmax')(Min, parent, 'min')

return nn.Min
