-- nn.Max(dimension, nInputDims): max over one dimension (which is removed)
local Max, parent = torch.class('nn.Max', 'nn.Module')

-- __init, updateOutput (torch.max with indices), updateGradInput (scatter), type, clearState:
-- the body shared with nn.Min
require('nn._minmax')(Max, parent, 'max')

return nn.Max
