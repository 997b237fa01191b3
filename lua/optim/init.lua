-- optim: torch7's optimisation package.  Every algorithm lives in its own
-- file and follows torch7's convention:
--    x, {f, ...} = optim.<name>(opfunc, x[, config][, state])
-- opfunc(x) returns f(x), df/dx; x is updated in place and returned; state
-- defaults to config and keeps the algorithm's buffers between calls.
require 'torch'
optim = optim or {}
package.loaded.optim = optim

-- opfunc(x) must return f(x) and df/dx: an opfunc that returns f(x) alone is said so at the
-- user's line (torch7 failed later, inside the update, with "invalid arguments: ... nil")
function optim._check_grad(name, dfdx)
   if not torch.isTensor(dfdx) then
      torch._error(string.format('optim.%s: opfunc(x) should return f(x) and df/dx (a Tensor), got %s for df/dx',
         name, torch.type(dfdx)))
   end
end

for _, name in ipairs{'sgd', 'asgd', 'nag', 'adagrad', 'adam', 'adamax', 'rmsprop', 'adadelta',
                      'rprop', 'polyinterp', 'lswolfe', 'lbfgs', 'cg', 'cmaes', 'de', 'fista',
                      'checkgrad', 'ConfusionMatrix', 'Logger'} do
   require('optim.' .. name)
end
return optim
