-- nn.VolumetricBatchNormalization: BatchNormalization per plane of N x C x T x H x W.
local BN, parent = torch.class('nn.VolumetricBatchNormalization', 'nn.BatchNormalization')
BN.nDim = 5
