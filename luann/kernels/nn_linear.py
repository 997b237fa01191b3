"""nn.Linear's batch (2-D) steps, one kernel call each.

Same BLAS calls and arithmetic as torch7's Linear (addmm / addr / addmv through
luann.kernels.tensor), so the results are bit-identical to the general path; what
they save is the transposed tensors (`W:t()`, `gradOutput:t()`) and their numpy
views that the Lua side would build on every call, and one Lua -> Python crossing.
"""
import numpy as np

from . import tensor as K


def forward(out, x, w, bias):
    """out:addmm(0, out, 1, x, W:t()); out:addr(1, ones, bias)."""
    np.matmul(x, w.T, out=out)
    if bias is not None:
        out += bias  # addr(1, ones, bias) adds 1 * 1 * b == b exactly


def gradinput(gi, g, w):
    """gi:addmm(0, 1, g, W)."""
    np.matmul(g, w, out=gi)


def accgrad(gw, gb, x, g, scale, ones):
    """gW:addmm(scale, g:t(), x); gB:addmv(scale, g:t(), ones)."""
    gt = g.T
    K.addmm(gw, 1, gw, scale, gt, x, True)
    if gb is not None:
        K.addmv(gb, 1, gb, scale, gt, ones, True)
