-- nn.DepthConcat(dimension): Concat whose children may produce smaller outputs in the
-- other dimensions; each is centred in a zero-padded window of the largest size.
local DepthConcat, parent = torch.class('nn.DepthConcat', 'nn.Concat')

function DepthConcat:windowNarrow(t, cur, offset)
   local w = t:narrow(self.dimension, offset, cur:size(self.dimension))
   for dim = 1, self.outputSize:size() do
      local n = cur:size(dim)
      if dim ~= self.dimension and self.outputSize[dim] ~= n then
         -- 5 vs 3 -> start 2 (one pad each side); 9 vs 4 -> start 3 (2 before, 3 after)
         local start = math.floor(((self.outputSize[dim] - n) / 2) + 1)
         w = w:narrow(dim, start, n)
      end
   end
   return w
end

function DepthConcat:_outputSize(outs)
   parent._outputSize(self, outs)
   for i = 2, #outs do
      for dim = 1, self.outputSize:size() do
         if dim ~= self.dimension then
            self.outputSize[dim] = math.max(self.outputSize[dim], outs[i]:size(dim))
         end
      end
   end
   -- the first output may be smaller too
   if #outs > 0 then
      for dim = 1, self.outputSize:size() do
         if dim ~= self.dimension then
            self.outputSize[dim] = math.max(self.outputSize[dim], outs[1]:size(dim))
         end
      end
   end
end

function DepthConcat:_fillOutput(outs)
   self.output:zero()
   parent._fillOutput(self, outs)
end

return DepthConcat
