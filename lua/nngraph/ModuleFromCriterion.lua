-- nn.ModuleFromCriterion(criterion): a module over {prediction, target} whose output
-- is a 1-element tensor holding the loss; the gradient for the target is zero.
-- Calling a criterion on nodes (crit({pred, target})) makes one of these.
local ModuleFromCriterion, parent = torch.class('nn.ModuleFromCriterion', 'nn.Module')

function ModuleFromCriterion:__init(criterion)
   parent.__init(self)
   self.criterion = criterion
   self.output = torch.Tensor(1)
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

local function split(input)
   if type(input) ~= 'table' or #input ~= 2 then
      require('nngraph.utils').error('nn.ModuleFromCriterion: expecting the input {prediction, target}')
   end
   return input[1], input[2]
end

function ModuleFromCriterion:updateOutput(input)
   local prediction, target = split(input)
   self.output[1] = self.criterion:updateOutput(prediction, target)
   return self.output
end

function ModuleFromCriterion:updateGradInput(input, gradOutput)
   local prediction, target = split(input)
   local gradPrediction = self.criterion:updateGradInput(prediction, target)
   self.gradInput[1]:resizeAs(gradPrediction):copy(gradPrediction):mul(gradOutput[1])
   if torch.isTensor(target) then
      self.gradInput[2]:resizeAs(target):zero()
   end
   return self.gradInput
end

return ModuleFromCriterion
