-- Shared plumbing of nn.CAdd and nn.CMul (not a class): their learnable parameter (bias / weight)
-- has the size given to the constructor and is lined up with the input either element for element,
-- expanded over its singleton dimensions, or expanded over a batch (first) dimension.
local P = {}

-- the constructor's size arguments (numbers, or one LongStorage) as a new LongStorage
function P.size(...)
   local arg = {...}
   local size = torch.LongStorage()
   local n = #arg
   if n == 1 and torch.type(arg[1]) == 'torch.LongStorage' then
      size:resize(#arg[1]):copy(arg[1])
   else
      size:resize(n)
      for i = 1, n do size[i] = arg[i] end
   end
   return size
end

-- uniform in +-stdv*sqrt(3), by default +-1/sqrt(nElement)
function P.reset(p, stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1. / math.sqrt(p:nElement())
   end
   p:uniform(-stdv, stdv)
end

-- views of (input-shaped tensor x, parameter p) that line up: same shape, p expanded, and the
-- mode ('flat', 'same' or 'batch') for reduce_to. name / pname word the error
-- ('nn.CAdd', 'bias'), raised at the caller of the module method that calls align.
function P.align(x, p, name, pname)
   if x:nElement() == p:nElement() then
      return x:contiguous():view(-1), p:view(-1), 'flat'
   end
   if p:dim() == x:dim() then
      local ok, e = pcall(p.expandAs, p, x)
      if ok then return x, e, 'same' end
   else
      local batchSize = x:size(1)
      if x:nElement() == batchSize * p:nElement() then
         return x:contiguous():view(batchSize, -1), p:view(1, -1):expand(batchSize, p:nElement()), 'batch'
      end
   end
   error(string.format('%s: input (%s) does not match the %s size (%s)', name, torch._size_str(x), pname,
      torch._size_str(p)), 4)
end

-- sum a (n-dim) tensor t, lined up with p by align in `mode`, over the dims where p is expanded
function P.reduce_to(t, p, mode)
   if mode == 'flat' then return t end
   if mode == 'batch' then return t:sum(1) end
   for d = 1, p:dim() do
      if p:size(d) == 1 and t:size(d) ~= 1 then t = t:sum(d) end
   end
   return t
end

return P
