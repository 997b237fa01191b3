-- operations on a tensor or on (nested) tables of tensors, used to sum the
-- gradients that reach a node from several consumers
local nesting = {}

function nesting.cloneNested(obj)
   if torch.isTensor(obj) then return obj:clone() end
   local res = {}
   for k, v in pairs(obj) do res[k] = nesting.cloneNested(v) end
   return res
end

function nesting.fillNested(obj, value)
   if torch.isTensor(obj) then
      obj:fill(value)
   else
      for _, v in pairs(obj) do nesting.fillNested(v, value) end
   end
end

-- resize output (tensor or nested table) like input, adding/removing table entries
function nesting.resizeNestedAs(output, input)
   if torch.isTensor(output) then
      output:resizeAs(input)
   else
      for k, v in pairs(input) do
         if output[k] == nil then
            output[k] = nesting.cloneNested(v)
         else
            nesting.resizeNestedAs(output[k], v)
         end
      end
      for k in pairs(output) do
         if input[k] == nil then output[k] = nil end
      end
   end
end

function nesting.copyNested(output, input)
   if torch.isTensor(output) then
      output:copy(input)
   else
      for k, v in pairs(input) do nesting.copyNested(output[k], v) end
      for k in pairs(output) do
         if input[k] == nil then
            error('key ' .. tostring(k) .. ' present in output but not in input')
         end
      end
   end
end

function nesting.addNestedTo(output, input)
   if torch.isTensor(output) then
      output:add(input)
   else
      for k, v in pairs(input) do
         if output[k] == nil then error('missing key ' .. tostring(k)) end
         nesting.addNestedTo(output[k], v)
      end
   end
end

return nesting
