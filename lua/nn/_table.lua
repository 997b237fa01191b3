-- Private helpers for the table layers (not a class).
local T = {}

function T.check_tensors(self, input, n)
   local name = torch.typename(self)
   if type(input) ~= 'table' then
      error(string.format('%s: input should be a table of Tensors (got %s)', name, torch.type(input)), 3)
   end
   if n and #input ~= n then
      error(string.format('%s: input should be a table of %d Tensors (got %d entries)', name, n, #input), 3)
   end
   if #input == 0 then
      error(string.format('%s: input table is empty', name), 3)
   end
   for i = 1, #input do
      if not torch.isTensor(input[i]) then
         error(string.format('%s: input[%d] should be a Tensor (got %s)', name, i, torch.type(input[i])), 3)
      end
   end
end

-- all entries with input[1]'s number of elements
function T.check_same(self, input, n)
   T.check_tensors(self, input, n)
   for i = 2, #input do
      if input[i]:nElement() ~= input[1]:nElement() then
         error(string.format('%s: input[%d] (%s) and input[1] (%s) should have the same number of elements',
            torch.typename(self), i, torch._size_str(input[i]), torch._size_str(input[1])), 3)
      end
   end
end

return T
