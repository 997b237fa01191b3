-- nn.SpatialMaxUnpooling(poolingModule): puts each value back at the position its
-- SpatialMaxPooling took the maximum from (zeros elsewhere), at the pooled input's size.
local M, parent = torch.class('nn.SpatialMaxUnpooling', 'nn.Module')

-- the body shared with nn.VolumetricMaxUnpooling, for 2 spatial dimensions (oheight, owidth)
require('nn._unpool')(M, parent, 2)
