-- nn.ModuleFromCriterion belongs to nngraph (lua/nngraph/ModuleFromCriterion.lua);
-- this lets nn.ModuleFromCriterion and torch.load find it by name.
require 'nngraph'
return nn.ModuleFromCriterion
