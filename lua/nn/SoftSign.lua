-- nn.SoftSign: y = x / (1 + |x|)
local P = require 'nn._pointwise'
return (P.define('nn.SoftSign', 'softsign', function() return 0, 0, false end))
