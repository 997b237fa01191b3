-- optim: torch7's optimisation package.  Every algorithm lives in its own
-- file and follows torch7's convention:
--    x, {f, ...} = optim.<name>(opfunc, x[, config][, state])
-- opfunc(x) returns f(x), df/dx; x is updated in place and returned; state
-- defaults to config and keeps the algorithm's buffers between calls.
require 'torch'
optim = optim or {}
package.loaded.optim = optim

for _, name in ipairs{'sgd', 'asgd', 'nag', 'adagrad', 'adam', 'adamax', 'rmsprop', 'adadelta',
                      'rprop', 'polyinterp', 'lswolfe', 'lbfgs', 'cg', 'cmaes', 'de', 'fista',
                      'checkgrad', 'ConfusionMatrix', 'Logger'} do
   require('optim.' .. name)
end
return optim
