-- nn.Maxout(inputSize, outputSize, maxoutNumber[, preprocess]) (torch7 nn/Maxout.lua):
-- Linear(inputSize -> outputSize*maxoutNumber), viewed as maxoutNumber x outputSize,
-- then the max over the maxoutNumber pieces. A Sequential (and prints as one).
local Maxout, parent = torch.class('nn.Maxout', 'nn.Sequential')

function Maxout:__init(inputSize, outputSize, maxoutNumber, preprocess)
   parent.__init(self)
   self:add(nn.Linear(inputSize, outputSize * maxoutNumber))
   self:add(nn.View(maxoutNumber, outputSize):setNumInputDims(1))
   if preprocess then
      self:add(preprocess)
   end
   self:add(nn.Max(1, 2))
end
