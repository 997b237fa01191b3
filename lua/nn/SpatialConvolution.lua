-- nn.SpatialConvolution: 2-D convolution over (N x) nInputPlane x H x W inputs,
-- weight nOutputPlane x nInputPlane x kH x kW (im2col + one BLAS matmul, numpy).
local SpatialConvolution, parent = torch.class('nn.SpatialConvolution', 'nn.Module')

-- the body shared with nn.SpatialConvolutionMM, with the 4-D weight
require('nn._spatialconv')(SpatialConvolution, parent, false)
