-- optim.cmaes: Covariance Matrix Adaptation Evolution Strategy, after
-- N. Hansen's barecmaes2.  Derivative-free; opfunc's gradient is ignored.
-- Returns bestx, f_hist (f(x) first, best f last), counteval.
local L = require 'optim._linalg'

local function best_solution()
   local b = {}
   function b:update(arx, arf, evals)
      if self.f == nil or arf < self.f then
         self.x = arx:clone(); self.f = arf; self.evals = evals
      end
      return self
   end
   function b:get() return self.x, self.f, self.evals end
   return b
end

function optim.cmaes(opfunc, x, config, state)
   if x.triu == nil or x.diag == nil then
      error('Unsupported Tensor ' .. x:type() .. " please use Float- or DoubleTensor for x")
   end
   local config = config or {}
   local state = state or config
   local xmean = x:clone():view(-1)   -- distribution mean
   local N = xmean:size(1)
   local sigma = state.sigma
   local ftarget = state.ftarget
   local maxEval = tonumber(state.maxEval) or 1e3 * N ^ 2
   local objfunc = opfunc
   local verb_disp = state.verb_disp or 0
   local min_iterations = state.min_iterations or 1

   -- selection
   local lambda = state.popsize
   if state.popsize == nil then
      lambda = 4 + math.floor(3 * math.log(N))
   end
   local mu = lambda / 2
   local nmu = math.floor(mu)   -- tensors are indexed with the integer part, as in torch7
   local weights = torch.range(0, mu - 1):apply(function(i)
      return math.log(mu + 0.5) - math.log(i + 1) end)
   weights:div(weights:sum())
   local mueff = weights:sum() ^ 2 / torch.pow(weights, 2):sum()
   weights = weights:typeAs(x)

   -- adaptation
   local cc = (4 + mueff / N) / (N + 4 + 2 * mueff / N)
   local cs = (mueff + 2) / (N + mueff + 5)
   local c1 = 2 / ((N + 1.3) ^ 2 + mueff)
   local cmu = math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((N + 2) ^ 2 + mueff))
   local damps = 2 * mueff / lambda + 0.3 + cs

   -- dynamic state
   local pc = torch.Tensor(N):zero():typeAs(x)
   local ps = torch.Tensor(N):zero():typeAs(x)
   local B = torch.eye(N):typeAs(x)
   local D = torch.Tensor(N):fill(1):typeAs(x)
   local C = torch.eye(N):typeAs(x)
   if not pcall(function() L.symeig(C) end) then
      error('torch.symeig not available for ' .. x:type() .. " please use Float- or DoubleTensor for x")
   end
   local candidates = torch.Tensor(lambda, N):typeAs(x)
   local invsqrtC = torch.eye(N):typeAs(x)
   local eigeneval = 0
   local counteval = 0
   local f_hist = {[1] = opfunc(x)}
   local fitvals = torch.Tensor(lambda)
   local best = best_solution()
   best.evals = counteval
   local iteration = 0

   local function ask()
      -- m + sigma * B * D * Normal(0, I); refresh B, D lazily (O(N^2) per eval)
      if counteval - eigeneval > lambda / (c1 + cmu) / C:size(1) / 10 then
         eigeneval = counteval
         C = torch.triu(C) + torch.triu(C, 1):t()
         D, B = L.symeig(C)
         D = torch.sqrt(D)
         invsqrtC = (B * torch.diag(torch.pow(D, -1)) * B:t())
      end
      for k = 1, lambda do
         local z = D:clone():normal(0, 1):cmul(D)
         candidates[{k, {}}] = torch.add(xmean, (B * z) * sigma)
      end
      return candidates
   end

   local function tell(arx)
      counteval = counteval + lambda
      local xold = xmean:clone()

      local arindex
      fitvals, arindex = torch.sort(fitvals)
      arx = arx:index(1, arindex[{{1, nmu}}])

      table.insert(f_hist, fitvals[1])
      best:update(arx[1], fitvals[1], counteval)

      xmean:zero()
      xmean:addmv(arx:t(), weights)

      -- evolution paths
      local y = xmean - xold
      local z = invsqrtC * y
      local c = (cs * (2 - cs) * mueff) ^ 0.5 / sigma
      ps = ps - ps * cs + z * c
      local hsig = (torch.sum(torch.pow(ps, 2)) /
         (1 - (1 - cs) ^ (2 * counteval / lambda)) / N < 2 + 4. / (N + 1))
      hsig = hsig and 1.0 or 0.0

      c = (cc * (2 - cc) * mueff) ^ 0.5 / sigma
      pc = pc - pc * cc + y * c * hsig

      -- covariance matrix
      local c1a = c1 - (1 - hsig ^ 2) * c1 * cc * (2 - cc)
      for i = 1, N do
         for j = 1, N do
            local acc = 0
            for k = 1, nmu do
               acc = acc + weights[k] * (arx[k][i] - xold[i]) * (arx[k][j] - xold[j])
            end
            local Cmuij = acc / sigma ^ 2
            C[i][j] = C[i][j] + ((-c1a - cmu) * C[i][j] + c1 * pc[i] * pc[j] + cmu * Cmuij)
         end
      end

      -- step size, by a factor <= exp(0.6)
      sigma = sigma * math.exp(math.min(0.6, (cs / damps) * (torch.sum(torch.pow(ps, 2)) / N - 1) / 2))
   end

   local function stop()
      local res = {}
      if counteval > 0 then
         if counteval >= maxEval then res['evals'] = maxEval end
         if ftarget ~= nil and fitvals:nElement() > 0 and fitvals[1] <= ftarget then
            res['ftarget'] = ftarget
         end
         if torch.max(D) > 1e7 * torch.min(D) then res['condition'] = 1e7 end
         if fitvals:nElement() > 1 and fitvals[fitvals:nElement()] - fitvals[1] < 1e-12 then
            res['tolfun'] = 1e-12
         end
         if sigma * torch.max(D) < 1e-11 then res['tolx'] = 1e-11 end
      end
      return res
   end

   local function disp(verb_modulo)
      if verb_disp == 0 then return nil end
      local it = counteval / lambda
      if it == 1 or it % (10 * verb_modulo) == 0 then
         print('evals:\t ax-ratio max(std)   f-value')
      end
      if it <= 2 or it % verb_modulo == 0 then
         local max_std = math.sqrt(torch.max(torch.diag(C)))
         print(tostring(counteval) .. ': ' ..
            string.format(' %6.1f %8.1e ', torch.max(D) / torch.min(D), sigma * max_std)
            .. tostring(fitvals[1]))
      end
   end

   while next(stop()) == nil or iteration < min_iterations do
      iteration = iteration + 1
      local X = ask()
      for i = 1, lambda do
         local candidate = X[i]:viewAs(x)
         fitvals[i] = objfunc(candidate)
      end
      tell(X)
      disp(verb_disp)
   end

   local bestmu, f, c = best:get()
   if verb_disp > 0 then
      for k, v in pairs(stop()) do
         print('termination by', k, '=', v)
      end
      print('best f-value =', f)
      print('solution = ')
      print(bestmu)
      print('best found at iteration: ', c / lambda, ' , total iterations: ', iteration)
   end
   table.insert(f_hist, f)
   return bestmu, f_hist, counteval
end
