-- nn.LogSigmoid: y = log(1 / (1 + exp(-x))), computed without overflow
local P = require 'nn._pointwise'
return (P.define('nn.LogSigmoid', 'logsigmoid', function() return 0, 0, false end))
