-- nn.Mean(dimension, nInputDims, squeeze) = nn.Sum(dimension, nInputDims, true, squeeze)
local Mean, parent = torch.class('nn.Mean', 'nn.Sum')

function Mean:__init(dimension, nInputDims, squeeze)
   parent.__init(self, dimension, nInputDims, true, squeeze)
end

return nn.Mean
