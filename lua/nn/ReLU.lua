-- nn.ReLU([inplace]) = nn.Threshold(0, 0[, inplace])
local ReLU, parent = torch.class('nn.ReLU', 'nn.Threshold')

function ReLU:__init(p)
   parent.__init(self, 0, 0, p)
end

return ReLU
