-- The few LAPACK calls optim needs (polyinterp: gels, eig; cmaes: symeig).
-- torch's own functions are used when they exist, numpy otherwise.
local K = torch._bridge.pyimport('luann.kernels.optim')
local C = torch._C
local L = {}

function L.gels(b, a)
   if torch.gels then return torch.gels(b, a) end
   local ok, r = pcall(K.gels, C.np(b), C.np(a))
   if not ok then error('gels: ' .. tostring(r), 2) end
   return C.from_array(r, nil):typeAs(b)
end

function L.eig(a)
   if torch.eig then return torch.eig(a, 'N') end
   local ok, r = pcall(K.eig_pairs, C.np(a))
   if not ok then error('eig: ' .. tostring(r), 2) end
   return C.from_array(r, nil):typeAs(a)
end

function L.symeig(a)
   if torch.symeig then return torch.symeig(a, 'V') end
   local ok, w, v = pcall(K.symeig, C.np(a))
   if not ok then error('symeig: ' .. tostring(w), 2) end
   return C.from_array(w, nil):typeAs(a), C.from_array(v, nil):typeAs(a)
end

return L
