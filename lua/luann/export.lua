-- luann.export(model, path): write every parameter of an nn model to a numpy .npz file, named by
-- module path ('1.weight', '3.bias', '2.1.weight'), as `luann export model.t7 weights.npz` does.
-- Exported fields: weight, bias, and the batch-normalisation running_mean / running_var / running_std.
luann = luann or {}

local FIELDS = {'weight', 'bias', 'running_mean', 'running_var', 'running_std'}

local function parameters_by_path(model)
   local flat, seen = {}, {}
   local function walk(m, prefix)
      if type(m) ~= 'table' or seen[m] then return end
      seen[m] = true
      local mods = rawget(m, 'modules')
      if type(mods) == 'table' then
         for i = 1, #mods do walk(mods[i], prefix .. i .. '.') end
      end
      for _, f in ipairs(FIELDS) do
         local v = rawget(m, f)
         if torch.isTensor(v) and v:nElement() > 0 then
            flat[#flat + 1] = prefix .. f
            flat[#flat + 1] = v
         end
      end
   end
   walk(model, '')
   return flat
end

function luann.parameters_by_path(model)
   local flat, res = parameters_by_path(model), {}
   for i = 1, #flat, 2 do res[#res + 1] = {flat[i], flat[i + 1]} end
   return res
end

function luann.export(model, path)
   if type(model) ~= 'table' then error('bad argument #1 to luann.export (nn module expected)', 2) end
   if type(path) ~= 'string' then error('bad argument #2 to luann.export (file name expected)', 2) end
   local flat = parameters_by_path(model)
   local arrays = {}
   for i = 1, #flat, 2 do
      arrays[i] = flat[i]
      arrays[i + 1] = torch._C.np(flat[i + 1]:contiguous())
   end
   local py = torch._bridge.pyimport('luann.t7export')
   local ok, n = pcall(py.save_npz, path, arrays)
   if not ok then error('luann.export: cannot write ' .. path .. ': ' .. tostring(n), 2) end
   return n
end

return luann
