-- nn.Jacobian: finite-difference checks of a module's backward pass
-- (torch7 nn/Jacobian.lua semantics: central differences, max abs error).
nn.Jacobian = rawget(nn, 'Jacobian') or {}
local J = nn.Jacobian

-- backward, backwardUpdate, forward, forwardUpdate and the testJacobian* checks, shared with
-- nn.SparseJacobian
require('nn._jacobian')(J, false)

-- a module written out and read back (torch.DiskFile when available, else a deep
-- copy) must compute the same forward and backward
function J.testIO(module, input, minval, maxval)
   minval = minval or -2
   maxval = maxval or 2
   local inputclone = input:clone()
   module:forward(input)
   local go = module.output:clone():copy(torch.rand(module.output:nElement()):mul(maxval - minval):add(minval))
   local goclone = go:clone()
   module:zeroGradParameters()
   module:updateGradInput(input, go)
   module:accGradParameters(input, go)
   local fo = module.output:clone()
   local bo = module.gradInput:clone()
   assert(module == module:clearState(), 'clearState did not return self')
   local m
   local ok = pcall(function() return torch.DiskFile end)
   if ok and torch.DiskFile then
      local filename = os.tmpname()
      local f = torch.DiskFile(filename, 'w'):binary()
      f:writeObject(module)
      f:close()
      m = torch.DiskFile(filename):binary():readObject()
      os.remove(filename)
   else
      m = module:clone()
   end
   m:forward(inputclone)
   m:zeroGradParameters()
   m:updateGradInput(inputclone, goclone)
   m:accGradParameters(inputclone, goclone)
   local fo2 = m.output:clone()
   local bo2 = m.gradInput:clone()
   local errf = (fo - fo2):abs():max()
   local errb = bo2:nElement() == 0 and 0 or (bo - bo2):abs():max()
   return errf, errb
end

-- the four ways of updating `weight` (plain and shared) must agree
function J.testAllUpdate(module, input, weight, gradWeight)
   local lr = torch.uniform(0.1, 1)
   local errors = {}

   local maccgp = module:clone()
   local weightc = maccgp[weight]:clone()
   maccgp:forward(input)
   local gradOutput = torch.rand(maccgp.output:size())
   maccgp:zeroGradParameters()
   maccgp:updateGradInput(input, gradOutput)
   maccgp:accGradParameters(input, gradOutput)
   maccgp:updateParameters(lr)
   errors['accGradParameters'] = (weightc - maccgp[gradWeight] * lr - maccgp[weight]):norm()

   local maccugp = module:clone()
   maccugp:forward(input)
   maccugp:updateGradInput(input, gradOutput)
   maccugp:accUpdateGradParameters(input, gradOutput, lr)
   errors['accUpdateGradParameters'] = (maccugp[weight] - maccgp[weight]):norm()

   local macsh1 = module:clone()
   local macsh2 = module:clone()
   macsh2:share(macsh1, weight)
   macsh1:forward(input)
   macsh2:forward(input)
   macsh1:zeroGradParameters()
   macsh2:zeroGradParameters()
   macsh1:updateGradInput(input, gradOutput)
   macsh2:updateGradInput(input, gradOutput)
   macsh1:accGradParameters(input, gradOutput)
   macsh2:accGradParameters(input, gradOutput)
   macsh1:updateParameters(lr)
   macsh2:updateParameters(lr)
   local err = (weightc - maccgp[gradWeight] * (lr * 2) - macsh1[weight]):norm()
   err = err + (weightc - maccgp[gradWeight] * (lr * 2) - macsh2[weight]):norm()
   errors['accGradParameters [shared]'] = err

   local macshu1 = module:clone()
   local macshu2 = module:clone()
   macshu2:share(macshu1, weight)
   macshu1:forward(input)
   macshu2:forward(input)
   macshu1:updateGradInput(input, gradOutput)
   macshu2:updateGradInput(input, gradOutput)
   macshu1:accUpdateGradParameters(input, gradOutput, lr)
   macshu2:accUpdateGradParameters(input, gradOutput, lr)
   err = (weightc - maccgp[gradWeight] * (lr * 2) - macshu1[weight]):norm()
   err = err + (weightc - maccgp[gradWeight] * (lr * 2) - macshu2[weight]):norm()
   errors['accUpdateGradParameters [shared]'] = err
   return errors
end

return J
