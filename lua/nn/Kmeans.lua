-- nn.Kmeans(k, dim[, scale]) (torch7 nn/Kmeans.lua): online hard k-means. weight holds
-- the k centers (k x dim); forward(batch x dim) gives each sample's nearest center
-- (1-based, as a tensor of the module's type) and sets self.loss (the summed squared
-- distances). accGradParameters accumulates -scale/n * sum (x - c) per center, so
-- updateParameters(1) moves each center toward the mean of its samples.
local Kmeans, parent = torch.class('nn.Kmeans', 'nn.Module')

function Kmeans:__init(k, dim, scale)
   parent.__init(self)
   self.k = k
   self.dim = dim
   self.scale = scale
   assert(type(k) == 'number' and k > 0, "Clusters cannot be 0 or negative.")
   assert(type(dim) == 'number' and dim > 0, "Dimensionality cannot be 0 or negative.")
   self.weight = torch.Tensor(self.k, self.dim)
   self.gradWeight = torch.Tensor(self.weight:size())
   self.loss = 0
   self.clusterSampleCount = torch.Tensor(self.k)
   self:reset()
end

function Kmeans:reset(stdev)
   stdev = stdev or 1
   self.weight:uniform(-stdev, stdev)
end

local function check2d(self, input)
   assert(torch.isTensor(input), "Incorrect input: expecting a 2D Tensor.")
   assert(input:nDimension() == 2, "Incorrect input dimensionality. Expecting 2D.")
   assert(input:size(2) == self.dim, "Dimensionality of input and weight don't match.")
end

-- centers = k distinct-or-not random samples of input
function Kmeans:initRandom(input)
   check2d(self, input)
   local n = input:size(1)
   assert(n >= self.k, "Need atleast k samples for initialization.")
   local indices = torch.zeros(self.k)
   indices:random(1, n)
   for i = 1, self.k do
      self.weight[i]:copy(input[indices[i]])
   end
end

-- Kmeans++-like: each next center is drawn among the (1-p) fraction of samples farthest
-- from the last chosen center
function Kmeans:initKmeansPlus(input, p)
   self.p = p or self.p or 0.95
   assert(self.p >= 0 and self.p <= 1, "P value should be between 0-1.")
   check2d(self, input)
   local n = input:size(1)
   local pcount = math.ceil((1 - self.p) * n)
   if pcount <= 0 then pcount = 1 end
   self.weight[1]:copy(input[torch.random(n)])
   local distances = self.weight.new(n):fill(math.huge)
   for k = 2, self.k do
      local c = self.weight[k - 1]
      for i = 1, n do
         local d = input[i] - c
         distances[i] = math.min(d:dot(d), distances[i])
      end
      local _, order = distances:sort(true)
      self.weight[k]:copy(input[order[torch.random(pcount)]])
   end
end

function Kmeans:updateOutput(input)
   check2d(self, input)
   if input:type() ~= self.weight:type() then
      error(string.format('nn.Kmeans: input is a %s but the module is %s (convert one with :type())',
         input:type(), self.weight:type()))
   end
   local batchSize = input:size(1)
   -- squared Euclidean distances, k x batch
   local dim = self.dim
   self._expandedSamples = self._expandedSamples or self.weight.new()
   self._expandedSamples:resize(self.k, batchSize, dim)
      :copy(input:view(1, batchSize, dim):expand(self.k, batchSize, dim))
   self._expandedSamples:add(-1, self.weight:view(self.k, 1, dim):expand(self.k, batchSize, dim))
   self._clusterDistances = self._clusterDistances or self.weight.new()
   self._clusterDistances:norm(self._expandedSamples, 2, 3)
   self._clusterDistances:pow(2)
   self._clusterDistances:resize(self.k, batchSize)
   self._minScore = self._minScore or self.weight.new()
   self._minIndx = self._minIndx or torch.LongTensor()
   self._minScore:min(self._minIndx, self._clusterDistances, 1)
   self._minIndx:resize(batchSize)
   self.output:resize(batchSize):copy(self._minIndx)
   self.loss = self._minScore:sum()
   return self.output
end

-- Kmeans has its own criterion: gradInput is zero
function Kmeans:updateGradInput(input, gradOutput)
   self.gradInput:resize(input:size()):zero()
   return self.gradInput
end

function Kmeans:accGradParameters(input, gradOutput, scale)
   scale = self.scale or scale or 1
   assert(scale > 0, " Scale has to be positive.")
   assert(self._minIndx, "nn.Kmeans: call forward before accGradParameters")
   local batchSize = input:size(1)
   local ones = self.weight.new(batchSize):fill(1)
   self.clusterSampleCount:zero()
   self.clusterSampleCount:indexAdd(1, self._minIndx, ones)
   -- -scale * (x - c_k) for each sample's nearest center k
   local g = self.weight:index(1, self._minIndx)
   g:mul(-1):add(input):mul(-scale)
   local g2 = self.gradWeight.new():resizeAs(self.gradWeight):zero()
   g2:indexAdd(1, self._minIndx, g)
   local counts = self.clusterSampleCount:clone():add(0.0000001)
   g2:cdiv(counts:view(self.k, 1):expandAs(self.gradWeight))
   self.gradWeight:add(g2)
end

function Kmeans:clearState()
   self._expandedSamples = nil
   self._clusterDistances = nil
   self._minScore = nil
   self._minIndx = nil
   return parent.clearState(self)
end

function Kmeans:type(type, tensorCache)
   self:clearState()
   return parent.type(self, type, tensorCache)
end
