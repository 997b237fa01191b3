-- optim.lswolfe(opfunc, x, t, d, f, g, gtd[, options]): line search satisfying
-- the strong Wolfe conditions (minFunc's WolfeLineSearch).  Returns
-- f_new, g_new, x (= x_init + t*d), t, lsFuncEval.
local function argmin(v)
   local best, pos = v[1], 1
   for i = 2, #v do
      if not (v[i] >= best) then best, pos = v[i], i end
   end
   return best, pos
end

local function vmax(v) local m = v[1]; for i = 2, #v do if v[i] > m then m = v[i] end end; return m end
local function vmin(v) local m = v[1]; for i = 2, #v do if v[i] < m then m = v[i] end end; return m end

function optim.lswolfe(opfunc, x, t, d, f, g, gtd, options)
   options = options or {}
   local c1 = options.c1 or 1e-4
   local c2 = options.c2 or 0.9
   local tolX = options.tolX or 1e-9
   local maxIter = options.maxIter or 20
   local isverbose = options.verbose or false
   local abs, min = math.abs, math.min

   local function verbose(...)
      if isverbose then print('<optim.lswolfe> ', ...) end
   end

   -- first trial step
   local x_init = x:clone()
   x:add(t, d)
   local f_new, g_new = opfunc(x)
   local lsFuncEval = 1
   local gtd_new = g_new:dot(d)

   -- bracketing phase
   local LSiter, t_prev, done = 0, 0, false
   local f_prev, g_prev, gtd_prev = f, g:clone(), gtd
   local bracket, bracketFval, bracketGval
   while LSiter < maxIter do
      if (f_new > (f + c1 * t * gtd)) or (LSiter > 1 and f_new >= f_prev) then
         bracket = {t_prev, t}
         bracketFval = {f_prev, f_new}
         bracketGval = {g_prev:clone(), g_new:clone()}
         break
      elseif abs(gtd_new) <= -c2 * gtd then
         bracket = {t}
         bracketFval = {f_new}
         bracketGval = {g_new:clone()}
         done = true
         break
      elseif gtd_new >= 0 then
         bracket = {t_prev, t}
         bracketFval = {f_prev, f_new}
         bracketGval = {g_prev:clone(), g_new:clone()}
         break
      end

      -- extrapolate
      local tmp = t_prev
      t_prev = t
      local minStep = t + 0.01 * (t - tmp)
      local maxStep = t * 10
      t = optim.polyinterp(torch.Tensor{{tmp, f_prev, gtd_prev}, {t, f_new, gtd_new}}, minStep, maxStep)

      f_prev = f_new
      g_prev = g_new:clone()
      gtd_prev = gtd_new
      x:copy(x_init)
      x:add(t, d)
      f_new, g_new = opfunc(x)
      lsFuncEval = lsFuncEval + 1
      gtd_new = g_new:dot(d)
      LSiter = LSiter + 1
   end

   if LSiter == maxIter then
      bracket = {0, t}
      bracketFval = {f, f_new}
      bracketGval = {g:clone(), g_new:clone()}
   end

   -- zoom phase
   local insufProgress = false
   while not done and LSiter < maxIter do
      local f_LO, LOpos = argmin(bracketFval)
      local HIpos = -LOpos + 3

      t = optim.polyinterp(torch.Tensor{{bracket[1], bracketFval[1], bracketGval[1]:dot(d)},
                                        {bracket[2], bracketFval[2], bracketGval[2]:dot(d)}})

      -- make sure we progress
      local bmax, bmin = vmax(bracket), vmin(bracket)
      if min(bmax - t, t - bmin) / (bmax - bmin) < 0.1 then
         if insufProgress or t >= bmax or t <= bmin then
            if abs(t - bmax) < abs(t - bmin) then
               t = bmax - 0.1 * (bmax - bmin)
            else
               t = bmin + 0.1 * (bmax - bmin)
            end
            insufProgress = false
         else
            insufProgress = true
         end
      else
         insufProgress = false
      end

      x:copy(x_init)
      x:add(t, d)
      f_new, g_new = opfunc(x)
      lsFuncEval = lsFuncEval + 1
      gtd_new = g_new:dot(d)
      LSiter = LSiter + 1
      if f_new > f + c1 * t * gtd or f_new >= f_LO then
         -- Armijo fails or not below the lowest point
         bracket[HIpos] = t
         bracketFval[HIpos] = f_new
         bracketGval[HIpos] = g_new:clone()
      else
         if abs(gtd_new) <= -c2 * gtd then
            done = true
         elseif gtd_new * (bracket[HIpos] - bracket[LOpos]) >= 0 then
            -- the old HI becomes the new LO
            bracket[HIpos] = bracket[LOpos]
            bracketFval[HIpos] = bracketFval[LOpos]
            bracketGval[HIpos] = bracketGval[LOpos]
         end
         bracket[LOpos] = t
         bracketFval[LOpos] = f_new
         bracketGval[LOpos] = g_new:clone()
      end

      if not done and abs((bracket[1] - bracket[2]) * gtd_new) < tolX then
         break
      end
   end

   if LSiter == maxIter then
      verbose('reached max number of iterations')
   end

   local _, LOpos = argmin(bracketFval)
   t = bracket[LOpos]
   f_new = bracketFval[LOpos]
   g_new = bracketGval[LOpos]
   x:copy(x_init)
   x:add(t, d)
   return f_new, g_new, x, t, lsFuncEval
end
