-- nn.hessian (torch7 nn/hessian.lua): nn.hessian.enable() adds the diagonal-Hessian
-- methods (Gauss-Newton / LeCun's diagonal approximation) used to condition learning
-- rates: updateDiagHessianInput, accDiagHessianParameters, initDiagHessianParameters,
-- for Module, Sequential, Criterion, MSECriterion, Linear, SpatialConvolution(Map), Tanh,
-- Square, Sqrt and Reshape; parameters()/getParameters() then also return the diagonal
-- Hessian of the parameters (diagHessianWeight/diagHessianBias).
nn.hessian = rawget(nn, 'hessian') or {}
local Hs = nn.hessian

-- diagHessian of the parameters: accGradParameters run on input^2 and diagHessianOutput,
-- with the gradient fields temporarily pointing at the Hessian ones
local function accDiagHessianParameters(module, input, diagHessianOutput, gw, hw)
   if #gw ~= #hw then
      error('Number of gradients is nto equal to number of hessians')
   end
   module.inputSq = module.inputSq or input.new()
   module.inputSq:resizeAs(input)
   torch.cmul(module.inputSq, input, input)
   local function swap()
      for i = 1, #gw do
         local g, h = module[gw[i]], module[hw[i]]
         if h == nil and g ~= nil then h = g.new():resizeAs(g):zero() end
         module[gw[i]], module[hw[i]] = h, g
      end
   end
   swap()
   -- convolutions keep forward's unfolded input (finput) for accGradParameters; hide it
   -- so the squared input is unfolded instead (torch7's THNN reuses it, which makes the
   -- estimate use x rather than x^2)
   local finput = module.finput
   module.finput = nil
   local ok, err = pcall(module.accGradParameters, module, module.inputSq, diagHessianOutput, 1)
   module.finput = finput
   swap()
   if not ok then error(err, 0) end
end
Hs.accDiagHessianParameters = accDiagHessianParameters

-- diagHessianInput: updateGradInput run on diagHessianOutput with the weights squared
local function updateDiagHessianInput(module, input, diagHessianOutput, w, wsq)
   if #w ~= #wsq then
      error('Number of weights is not equal to number of weights squares')
   end
   module.diagHessianInput = module.diagHessianInput or input.new()
   module.diagHessianInput:resizeAs(input)
   local gi = module.gradInput
   module.gradInput = module.diagHessianInput
   for i = 1, #w do
      local wval = module[w[i]]
      local wsqval = module[wsq[i]] or wval.new()
      wsqval:resizeAs(wval)
      torch.cmul(wsqval, wval, wval)
      module[wsq[i]] = wval
      module[w[i]] = wsqval
   end
   local ok, err = pcall(module.updateGradInput, module, input, diagHessianOutput)
   for i = 1, #w do
      module[w[i]], module[wsq[i]] = module[wsq[i]], module[w[i]]
   end
   -- updateGradInput may have written elsewhere (it returns its result)
   local res = ok and err or nil
   module.gradInput = gi
   if not ok then error(err, 0) end
   if res ~= nil and not rawequal(res, module.diagHessianInput) then module.diagHessianInput:copy(res) end
end
Hs.updateDiagHessianInput = updateDiagHessianInput

-- pointwise modules: diagHessianInput = f'(x)^2 .* diagHessianOutput
local function updateDiagHessianInputPointWise(module, input, diagHessianOutput)
   local tdh = diagHessianOutput.new():resizeAs(diagHessianOutput):fill(1)
   updateDiagHessianInput(module, input, tdh, {}, {})
   module.diagHessianInput:cmul(module.diagHessianInput)
   module.diagHessianInput:cmul(diagHessianOutput)
end
Hs.updateDiagHessianInputPointWise = updateDiagHessianInputPointWise

local function initDiagHessianParameters(module, gw, hw)
   module.diagHessianInput = module.diagHessianInput or module.gradInput.new()
   for i = 1, #gw do
      if module[gw[i]] ~= nil then
         module[hw[i]] = module[hw[i]] or module[gw[i]].new():resizeAs(module[gw[i]]):zero()
      end
   end
end
Hs.initDiagHessianParameters = initDiagHessianParameters

local enabled = false

function Hs.enable()
   if enabled then return end
   enabled = true

   -- Module
   function nn.Module.updateDiagHessianInput(self, input, diagHessianOutput)
      error(torch.typename(self) .. ':updateDiagHessianInput() is undefined')
   end
   function nn.Module.accDiagHessianParameters(self, input, diagHessianOutput)
   end
   function nn.Module.initDiagHessianParameters(self)
   end

   -- Sequential
   function nn.Sequential.initDiagHessianParameters(self)
      for i = 1, #self.modules do
         self.modules[i]:initDiagHessianParameters()
      end
   end

   function nn.Sequential.updateDiagHessianInput(self, input, diagHessianOutput)
      local cur = diagHessianOutput
      local currentModule = self.modules[#self.modules]
      for i = #self.modules - 1, 1, -1 do
         local previousModule = self.modules[i]
         cur = currentModule:updateDiagHessianInput(previousModule.output, cur)
         currentModule = previousModule
      end
      cur = currentModule:updateDiagHessianInput(input, cur)
      self.diagHessianInput = cur
      return cur
   end

   function nn.Sequential.accDiagHessianParameters(self, input, diagHessianOutput)
      local cur = diagHessianOutput
      local currentModule = self.modules[#self.modules]
      for i = #self.modules - 1, 1, -1 do
         local previousModule = self.modules[i]
         currentModule:accDiagHessianParameters(previousModule.output, cur)
         cur = currentModule.diagHessianInput
         currentModule = previousModule
      end
      currentModule:accDiagHessianParameters(input, cur)
   end

   -- Criterion
   function nn.Criterion.updateDiagHessianInput(self, input, diagHessianOutput)
      error(torch.typename(self) .. ':updateDiagHessianInput() is undefined')
   end

   -- MSECriterion: d2/dx2 of (x - t)^2 (averaged)
   function nn.MSECriterion.updateDiagHessianInput(self, input, target)
      self.diagHessianInput = self.diagHessianInput or input.new()
      local val = 2
      if self.sizeAverage then
         val = val / input:nElement()
      end
      self.diagHessianInput:resizeAs(input):fill(val)
      return self.diagHessianInput
   end

   -- Linear
   function nn.Linear.updateDiagHessianInput(self, input, diagHessianOutput)
      updateDiagHessianInput(self, input, diagHessianOutput, {'weight'}, {'weightSq'})
      return self.diagHessianInput
   end
   function nn.Linear.accDiagHessianParameters(self, input, diagHessianOutput)
      accDiagHessianParameters(self, input, diagHessianOutput, {'gradWeight', 'gradBias'},
         {'diagHessianWeight', 'diagHessianBias'})
   end
   function nn.Linear.initDiagHessianParameters(self)
      initDiagHessianParameters(self, {'gradWeight', 'gradBias'}, {'diagHessianWeight', 'diagHessianBias'})
   end

   -- SpatialConvolution
   function nn.SpatialConvolution.updateDiagHessianInput(self, input, diagHessianOutput)
      updateDiagHessianInput(self, input, diagHessianOutput, {'weight'}, {'weightSq'})
      return self.diagHessianInput
   end
   function nn.SpatialConvolution.accDiagHessianParameters(self, input, diagHessianOutput)
      accDiagHessianParameters(self, input, diagHessianOutput, {'gradWeight'}, {'diagHessianWeight'})
   end
   function nn.SpatialConvolution.initDiagHessianParameters(self)
      initDiagHessianParameters(self, {'gradWeight'}, {'diagHessianWeight'})
   end

   -- SpatialConvolutionMap
   function nn.SpatialConvolutionMap.updateDiagHessianInput(self, input, diagHessianOutput)
      updateDiagHessianInput(self, input, diagHessianOutput, {'weight', 'bias'}, {'weightSq', 'biasSq'})
      return self.diagHessianInput
   end
   function nn.SpatialConvolutionMap.accDiagHessianParameters(self, input, diagHessianOutput)
      accDiagHessianParameters(self, input, diagHessianOutput, {'gradWeight', 'gradBias'},
         {'diagHessianWeight', 'diagHessianBias'})
   end
   function nn.SpatialConvolutionMap.initDiagHessianParameters(self)
      initDiagHessianParameters(self, {'gradWeight', 'gradBias'}, {'diagHessianWeight', 'diagHessianBias'})
   end

   -- pointwise
   for _, name in ipairs({'Tanh', 'Square', 'Sqrt'}) do
      nn[name].updateDiagHessianInput = function(self, input, diagHessianOutput)
         updateDiagHessianInputPointWise(self, input, diagHessianOutput)
         return self.diagHessianInput
      end
   end

   -- Reshape
   function nn.Reshape.updateDiagHessianInput(self, input, diagHessianOutput)
      self.diagHessianInput = self.diagHessianInput or input.new()
      diagHessianOutput = diagHessianOutput:contiguous()
      self.diagHessianInput:set(diagHessianOutput):resizeAs(input)
      return self.diagHessianInput
   end

   -- parameters() and getParameters() also give the diagonal Hessians
   function nn.Module.parameters(self)
      if self.weight and self.bias then
         return {self.weight, self.bias}, {self.gradWeight, self.gradBias},
            {self.diagHessianWeight, self.diagHessianBias}
      elseif self.weight then
         return {self.weight}, {self.gradWeight}, {self.diagHessianWeight}
      elseif self.bias then
         return {self.bias}, {self.gradBias}, {self.diagHessianBias}
      end
   end

   local getParameters = nn.Module.getParameters
   function nn.Module.getParameters(self)
      local _, _, hessianParameters = self:parameters()
      local p, g = getParameters(self)
      local h
      if hessianParameters and hessianParameters[1] then
         h = nn.Module.flatten(hessianParameters)
      end
      return p, g, h
   end

   function nn.Sequential.parameters(self)
      local w, gw, ggw = {}, {}, {}
      local function tinsert(to, from)
         if type(from) == 'table' then
            for i = 1, #from do tinsert(to, from[i]) end
         elseif from ~= nil then
            to[#to + 1] = from
         end
      end
      for i = 1, #self.modules do
         local mw, mgw, mggw = self.modules[i]:parameters()
         if mw then
            tinsert(w, mw)
            tinsert(gw, mgw)
            tinsert(ggw, mggw)
         end
      end
      return w, gw, ggw
   end
end

return Hs
