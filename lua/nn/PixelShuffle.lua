-- nn.PixelShuffle(r): (N, C*r*r, H, W) -> (N, C, H*r, W*r) sub-pixel rearrangement (also 3D)
local PixelShuffle, parent = torch.class('nn.PixelShuffle', 'nn.Module')

function PixelShuffle:__init(upscaleFactor)
   parent.__init(self)
   self.upscaleFactor = upscaleFactor
   self.upscaleFactorSquared = self.upscaleFactor * self.upscaleFactor
end

local function shapes(self, input)
   if not torch.isTensor(input) or (input:nDimension() ~= 3 and input:nDimension() ~= 4) then
      error(string.format('nn.PixelShuffle: 3D or 4D (batch mode) tensor expected (got %s)',
         torch.isTensor(input) and torch._size_str(input) or torch.type(input)), 3)
   end
   local batched = input:nDimension() == 4
   local s = batched and 2 or 1
   local batchSize = batched and input:size(1) or 1
   local r = self.upscaleFactor
   if input:size(s) % self.upscaleFactorSquared ~= 0 then
      error(string.format('nn.PixelShuffle: the number of input planes (%d) should be divisible by %d',
         input:size(s), self.upscaleFactorSquared), 3)
   end
   local channels = input:size(s) / self.upscaleFactorSquared
   local inHeight, inWidth = input:size(s + 1), input:size(s + 2)
   local inter = torch.LongStorage{batchSize, channels, r, r, inHeight, inWidth}
   local out
   if batched then
      out = torch.LongStorage{batchSize, channels, inHeight * r, inWidth * r}
   else
      out = torch.LongStorage{channels, inHeight * r, inWidth * r}
   end
   return inter, out
end

function PixelShuffle:updateOutput(input)
   local inter, out = shapes(self, input)
   self._shuffleOut = self._shuffleOut or input.new()
   local inputView = input:contiguous():view(inter)
   self._shuffleOut:resize(inter[1], inter[2], inter[5], inter[3], inter[6], inter[4])
   self._shuffleOut:copy(inputView:permute(1, 2, 5, 3, 6, 4))
   self.output = self._shuffleOut:view(out)
   return self.output
end

function PixelShuffle:updateGradInput(input, gradOutput)
   local inter = shapes(self, input)
   self._shuffleIn = self._shuffleIn or input.new()
   local goView = gradOutput:contiguous():view(inter[1], inter[2], inter[5], inter[3], inter[6], inter[4])
   self._shuffleIn:resize(inter)
   self._shuffleIn:copy(goView:permute(1, 2, 4, 6, 3, 5))
   self.gradInput = self._shuffleIn:view(input:size())
   return self.gradInput
end

function PixelShuffle:clearState()
   nn.utils.clear(self, {'_shuffleOut', '_shuffleIn'})
   return parent.clearState(self)
end

return nn.PixelShuffle
