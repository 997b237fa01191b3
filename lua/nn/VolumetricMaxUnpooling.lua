-- nn.VolumetricMaxUnpooling(poolingModule): inverse of a VolumetricMaxPooling
-- (values back at the argmax positions, zeros elsewhere).
local M, parent = torch.class('nn.VolumetricMaxUnpooling', 'nn.Module')

-- the body shared with nn.SpatialMaxUnpooling, for 3 spatial dimensions (otime, oheight, owidth)
require('nn._unpool')(M, parent, 3)
