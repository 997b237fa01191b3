-- nn.DistanceRatioCriterion(sizeAverage): input {X, Y} of distances (similar, dissimilar);
-- loss = X + log(exp(-X) + exp(-Y)), summed (averaged over the distances)
local DistanceRatioCriterion, parent = torch.class('nn.DistanceRatioCriterion', 'nn.Criterion')
local H = require 'nn._helpers'

function DistanceRatioCriterion:__init(sizeAverage)
   parent.__init(self)
   if sizeAverage ~= nil then self.sizeAverage = sizeAverage else self.sizeAverage = true end
end

local function check(self, input)
   if type(input) ~= 'table' or #input ~= 2 then H.err(self, 'Invalid number of inputs') end
   local X, Y = input[1], input[2]
   if not torch.isTensor(X) or not torch.isTensor(Y) then H.err(self, 'inputs should be Tensors') end
   if X:nElement() ~= Y:nElement() then H.err(self, "Number of distances don't match (%s and %s)", H.size(X), H.size(Y)) end
   if X:size(1) ~= Y:size(1) then H.err(self, "Invalid distances' size (%s and %s)", H.size(X), H.size(Y)) end
   return X, Y
end

local function parts(self, X, Y)
   self.expMinusX = self.expMinusX or X.new()
   self.expMinusY = self.expMinusY or Y.new()
   self.expMinusX:resizeAs(X):copy(X):mul(-1):exp()
   self.expMinusY:resizeAs(Y):copy(Y):mul(-1):exp()
   self.sumExpMinusXY = self.sumExpMinusXY or X.new()
   self.sumExpMinusXY:resizeAs(self.expMinusX):copy(self.expMinusX):add(self.expMinusY)
end

function DistanceRatioCriterion:updateOutput(input)
   local X, Y = check(self, input)
   parts(self, X, Y)
   self.logSumExpMinusXY = self.logSumExpMinusXY or X.new()
   self.logSumExpMinusXY:resizeAs(self.sumExpMinusXY):copy(self.sumExpMinusXY):log()
   self.loss = self.loss or X.new()
   self.loss:resizeAs(X):copy(X):add(self.logSumExpMinusXY)
   if self.sizeAverage then
      self.output = self.loss:sum() / X:size(1)
   else
      self.output = self.loss:sum()
   end
   return self.output
end

function DistanceRatioCriterion:updateGradInput(input)
   local X, Y = check(self, input)
   parts(self, X, Y)
   self.gradInput = self.gradInput or {}
   if type(self.gradInput) ~= 'table' then self.gradInput = {} end
   self.gradInput[1] = self.gradInput[1] or X.new()
   self.gradInput[2] = self.gradInput[2] or Y.new()
   -- d/dX = 1 - exp(-X) / S, d/dY = -exp(-Y) / S
   self.gradInput[1]:resizeAs(X):copy(self.expMinusX):cdiv(self.sumExpMinusXY):mul(-1):add(1)
   self.gradInput[2]:resizeAs(Y):copy(self.expMinusY):cdiv(self.sumExpMinusXY):mul(-1)
   if self.sizeAverage then
      self.gradInput[1]:div(X:size(1))
      self.gradInput[2]:div(X:size(1))
   end
   return self.gradInput
end

return nn.DistanceRatioCriterion
