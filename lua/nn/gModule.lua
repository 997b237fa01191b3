-- nn.gModule belongs to nngraph (lua/nngraph/gModule.lua); this lets
-- nn.gModule and torch.load find it by name.
require 'nngraph'
return nn.gModule
