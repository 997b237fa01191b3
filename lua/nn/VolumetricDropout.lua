-- nn.VolumetricDropout(p): zeroes whole feature maps with probability p while training
-- (no rescaling; evaluation multiplies by 1 - p, as torch7).
local M, parent = torch.class('nn.VolumetricDropout', 'nn.Module')

-- the body shared with nn.SpatialDropout, for 3 spatial dimensions (volumes of t x h x w)
require('nn._planedropout')(M, parent, 3)
