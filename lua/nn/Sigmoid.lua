-- nn.Sigmoid: y = 1 / (1 + exp(-x)); dy/dx = y (1 - y)
local P = require 'nn._pointwise'
return (P.define('nn.Sigmoid', 'sigmoid', function() return 0, 0, false end))
