-- nn.SpatialBatchNormalization: BatchNormalization per plane of N x C x H x W.
local BN, parent = torch.class('nn.SpatialBatchNormalization', 'nn.BatchNormalization')
BN._version = 2
BN.nDim = 4
