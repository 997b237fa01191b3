-- nn.SpatialDropout(p): zeroes whole feature maps with probability p while training
-- (no rescaling; evaluation multiplies by 1 - p, as torch7).
local M, parent = torch.class('nn.SpatialDropout', 'nn.Module')

-- the body shared with nn.VolumetricDropout, for 2 spatial dimensions (planes of h x w)
require('nn._planedropout')(M, parent, 2)
