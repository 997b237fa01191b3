-- optim.FistaLS(f, g, pl, xinit[, params]): FISTA with backtracking line search
-- (Beck & Teboulle 2009).  f(x, 'dx') returns the smooth value and gradient,
-- g(x) the non-smooth value, pl(x, L) solves the proximal problem in place.
-- Returns the solution and the history {nline, L, F, Fply, Gply, Q[, xk, y]}.
function optim.FistaLS(f, g, pl, xinit, params)
   local params = params or {}
   local L = params.L or 0.1
   local Lstep = params.Lstep or 1.5
   local maxiter = params.maxiter or 50
   local maxline = params.maxline or 20
   local errthres = params.errthres or 1e-4
   local doFistaUpdate = params.doFistaUpdate
   local verbose = params.verbose

   params.xkm = params.xkm or torch.Tensor()
   params.y = params.y or torch.Tensor()
   params.ply = params.ply or torch.Tensor()
   local xkm = params.xkm   -- previous iterate
   local y = params.y       -- FISTA point
   local ply = params.ply   -- proximal step from y

   local xk = xinit
   xkm:resizeAs(xk):zero()
   ply:resizeAs(xk):zero()
   y:resizeAs(xk):zero()

   local history = {}
   local niter = 0
   local converged = false
   local tk = 1
   local tkp = 0

   local gy = g(y)
   local fval = math.huge
   while not converged and niter < maxiter do
      local fy, gfy = f(y, 'dx')
      local fply = 0
      local gply = 0
      local Q = 0

      -- backtracking line search on L
      local nline = 0
      local linesearchdone = false
      while not linesearchdone do
         ply:copy(y)
         ply:add(-1 / L, gfy)
         pl(ply, L)
         xk:copy(ply)
         fply = f(ply)
         ply:add(-1, y)
         local Q2 = gfy:dot(ply)
         local Q3 = L / 2 * ply:dot(ply)
         Q = fy + Q2 + Q3
         if verbose then
            print(string.format('nline=%d L=%g fply=%g Q=%g fy=%g Q2=%g Q3=%g', nline, L, fply, Q, fy, Q2, Q3))
         end
         if fply <= Q then
            linesearchdone = true
         elseif nline >= maxline then
            linesearchdone = true
            xk:copy(xkm)
         else
            L = L * Lstep
         end
         nline = nline + 1
      end

      if doFistaUpdate then
         tkp = (1 + math.sqrt(1 + 4 * tk * tk)) / 2
         xkm:add(-1, xk)
         y:copy(xk)
         y:add((1 - tk) / tkp, xkm)
         xkm:copy(xk)
      else
         y:copy(xk)
      end
      tk = tkp
      fply = f(y)
      gply = g(y)
      if verbose then
         print(string.format('iter=%d eold=%g enew=%g', niter, fval, fply + gply))
      end

      niter = niter + 1
      fval = fply + gply
      history[niter] = {nline = nline, L = L, F = fval, Fply = fply, Gply = gply, Q = Q}
      params.L = L
      if verbose then
         history[niter].xk = xk:clone()
         history[niter].y = y:clone()
      end

      if niter > 1 and math.abs(history[niter].F - history[niter - 1].F) <= errthres then
         converged = true
         xinit:copy(y)
         return y, history
      end
      if niter >= maxiter then
         xinit:copy(y)
         return y, history
      end
   end
   error('not supposed to be here')
end
