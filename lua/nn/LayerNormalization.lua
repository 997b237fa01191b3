-- nn.LayerNormalization(nOutput, bias, eps, affine): per sample (rows of a batch x
-- nOutput input) subtract the mean, scale to norm sqrt(nOutput), then an optional
-- learnt gain (CMul, 1) and bias (Add, `bias`); a Sequential of those layers as torch7.
local LayerNormalization, parent = torch.class('nn.LayerNormalization', 'nn.Sequential')

function LayerNormalization:__init(nOutput, bias, eps, affine)
   parent.__init(self)
   eps = eps or 1e-10
   if affine == nil then affine = true end
   bias = bias or 0
   local centre = nn.ConcatTable()
   centre:add(nn.Identity())
   centre:add(nn.Sequential():add(nn.Mean(1, 1)):add(nn.Replicate(nOutput, 1, 1)))
   self:add(centre)
   self:add(nn.CSubTable())
   self:add(nn.Normalize(2, eps))
   self:add(nn.MulConstant(math.sqrt(nOutput)))
   if affine then
      local biasTransform = nn.Add(nOutput, false)
      biasTransform.bias:fill(bias)
      local gainTransform = nn.CMul(nOutput)
      gainTransform.weight:fill(1)
      self:add(gainTransform)
      self:add(biasTransform)
   end
end
