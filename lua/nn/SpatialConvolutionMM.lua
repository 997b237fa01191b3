-- nn.SpatialConvolutionMM: SpatialConvolution with the weight stored as the matrix
-- nOutputPlane x (nInputPlane*kH*kW) that the im2col matmul uses.
local SpatialConvolutionMM, parent = torch.class('nn.SpatialConvolutionMM', 'nn.Module')

-- the body shared with nn.SpatialConvolution, with the weight as a matrix
require('nn._spatialconv')(SpatialConvolutionMM, parent, true)
