-- nn.SparseJacobian: finite-difference checks for modules whose input is sparse
-- (torch7 nn/SparseJacobian.lua): the input is nnz x 2 {index, value} pairs (SparseLinear's
-- format); derivatives are taken with respect to the values (column 2) only.
nn.SparseJacobian = rawget(nn, 'SparseJacobian') or {}
local SJ = nn.SparseJacobian

-- backward, backwardUpdate, forward, forwardUpdate and the testJacobian* checks, shared with
-- nn.Jacobian (here with respect to the values, step 1e-6)
require('nn._jacobian')(SJ, true)

-- the same outputs and gradients after a write/read round trip
SJ.testIO = function(module, input, minval, maxval)
   return nn.Jacobian.testIO(module, input, minval, maxval)
end

SJ.testAllUpdate = function(module, input, weight, gradWeight)
   return nn.Jacobian.testAllUpdate(module, input, weight, gradWeight)
end

return SJ
