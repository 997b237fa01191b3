-- optim.polyinterp(points[, xminBound[, xmaxBound]]): minimum of the polynomial
-- interpolating N points (x, f, f') given as an N x 3 tensor.  The common case
-- (2 points, no bounds) is the closed-form cubic; the general case solves for
-- the polynomial (gels) and tests its critical points (roots via eig).
local L = require 'optim._linalg'

-- torch7's min over a vector: first index unless a later value is not >= it (NaN aware)
local function argmin2(a, b)
   if not (b >= a) then return b, 2 end
   return a, 1
end

-- roots of the polynomial with coefficients c (highest power first), as an n x 2 (re, im) tensor
local function roots(c)
   local tol = 1e-12
   local n0 = c:size(1)
   local cc = {}
   for i = 1, n0 do
      local v = c[i]
      if math.abs(v) < tol then v = 0 end
      cc[i] = v
   end
   local first
   for i = 1, n0 do if cc[i] ~= 0 then first = i; break end end
   if not first then return nil end
   local last = n0
   local nz = 0
   while last >= first and cc[last] == 0 do last = last - 1; nz = nz + 1 end
   local n = last - first  -- degree
   local function withzeros(e)
      if nz > 0 then return torch.cat(e, torch.zeros(nz, 2), 1) end
      return e
   end
   if n == 1 then
      return withzeros(torch.Tensor({{-cc[first + 1] / cc[first], 0}}))
   elseif n > 1 then
      -- companion matrix: ones on the subdiagonal, first row -c[2..]/c[1]
      local A = torch.zeros(n, n)
      for i = 2, n do A[i][i - 1] = 1 end
      for j = 1, n do A[1][j] = -cc[first + j] / cc[first] end
      return withzeros(L.eig(A))
   elseif nz > 0 then
      return torch.zeros(nz, 2)
   end
   -- a nonzero constant: no roots (torch7's empty torch.zeros(0, 2), which cat skips)
   return nil
end

local function polyval(p, x)
   local pwr = #p
   local val = 0
   for i = 1, #p do
      pwr = pwr - 1
      val = val + p[i] * x ^ pwr
   end
   return val
end

function optim.polyinterp(points, xminBound, xmaxBound)
   local nPoints = points:size(1)
   local order = nPoints * 2 - 1

   -- cubic through 2 points with values and derivatives, no bounds
   if nPoints == 2 and order == 3 and not xminBound and not xmaxBound then
      local _, minPos = argmin2(points[1][1], points[2][1])
      local notMinPos = -minPos + 3
      local x1, f1, g1 = points[minPos][1], points[minPos][2], points[minPos][3]
      local x2, f2, g2 = points[notMinPos][1], points[notMinPos][2], points[notMinPos][3]
      local d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
      local d2 = math.sqrt(d1 ^ 2 - g1 * g2)
      if d2 == d2 then
         local t = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
         return math.min(math.max(t, x1), x2)
      else
         return (x1 + x2) / 2
      end
   end

   -- bounds of the interpolation area
   local xs = {}
   local xmin, xmax = math.huge, -math.huge
   for i = 1, nPoints do
      xs[i] = points[i][1]
      xmin = math.min(xmin, xs[i]); xmax = math.max(xmax, xs[i])
   end
   xminBound = xminBound or xmin
   xmaxBound = xmaxBound or xmax

   -- constraints on values and derivatives
   local A = torch.zeros(nPoints * 2, order + 1)
   local b = torch.zeros(nPoints * 2, 1)
   for i = 1, nPoints do
      for j = order, 0, -1 do
         A[i][order - j + 1] = points[i][1] ^ j
      end
      b[i][1] = points[i][2]
   end
   for i = 1, nPoints do
      for j = 1, order do
         A[nPoints + i][j] = (order - j + 1) * points[i][1] ^ (order - j)
      end
      b[nPoints + i][1] = points[i][3]
   end

   -- interpolating polynomial
   local res = L.gels(b, A)
   local params = {}
   for i = 1, nPoints * 2 do
      local v = res[i][1]
      if math.abs(v) <= 1e-12 then v = 0 end
      params[i] = v
   end

   -- critical points
   local dParams = torch.zeros(order)
   local nans = false
   for i = 1, #params - 1 do
      local v = params[i] * (order - i + 1)
      dParams[i] = v
      if v ~= v or v == math.huge then nans = true end
   end
   local cp = {{xminBound, 0}, {xmaxBound, 0}}
   for i = 1, nPoints do cp[#cp + 1] = {xs[i], 0} end
   if not nans then
      local r = roots(dParams)
      if r then
         for i = 1, r:size(1) do cp[#cp + 1] = {r[i][1], r[i][2]} end
      end
   end

   -- test them; bisection when none is valid
   local fmin = math.huge
   local minPos = (xminBound + xmaxBound) / 2
   for i = 1, #cp do
      local rx, ix = cp[i][1], cp[i][2]
      if ix == 0 and rx >= xminBound and rx <= xmaxBound then
         local fCP = polyval(params, rx)
         if fCP < fmin then
            minPos = rx
            fmin = fCP
         end
      end
   end
   return minPos, fmin
end
