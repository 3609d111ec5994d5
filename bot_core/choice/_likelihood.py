"""The composite log-likelihood of the partner-choice model and its gradient (:class:`_Problem`), and
the shared threat ``S_ij(w)`` (:func:`shared_threat`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize

from bot_core import _args
from bot_core.choice._data import THETA_BOUND, ChoiceData, _check_data
from bot_core.criteria import CRITERIA


def _total(v: np.ndarray) -> float:
    """The sum of ``v`` by numpy's pairwise summation, whose order is fixed by the length alone:
    the same bits in every process, whatever the memory alignment or the number of BLAS threads.
    (A BLAS dot product -- ``np.dot``, ``@`` -- splits long sums among threads and treats the
    elements at a block's edge with another kernel, so its last digits can follow how the machine
    runs it; the likelihood uses none.)"""
    return float(np.add.reduce(v))


def _mv(m: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``m @ v`` with each row's sum in one fixed order (column 0, then 1, ...), by elementwise
    products and sums only, so that every row's result is the same bits in every process (see
    :func:`_total`). Fastest on a Fortran-ordered ``m`` (:class:`_Problem` keeps its arrays so)."""
    out = np.zeros(m.shape[0])
    for j in range(m.shape[1]):
        out += m[:, j] * v[j]
    return out


def _vm(v: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``v @ m``, each column's sum in a fixed order: pairwise down a Fortran-ordered ``m``'s
    columns (:func:`_total`), row after row down a C-ordered one; never BLAS."""
    return np.add.reduce(m * v[:, None], axis=0)


#: Added to each squared norm of the cosine, so that a perceiver threatened by nobody (under ``w``)
#: shares nothing (``S`` = 0) and the likelihood stays smooth.
COSINE_EPS = 1e-9


def _cosine(a: np.ndarray, b1: np.ndarray, b2: np.ndarray, w: np.ndarray):
    """The shared threat ``S = w'Aw / sqrt((w'B1w + eps)(w'B2w + eps))`` per row, with the pieces
    its gradient needs: ``(S, 1/sqrt(...), w'B1w + eps, w'B2w + eps)``."""
    ww = np.outer(w, w).ravel()
    d1, d2 = _mv(b1, ww) + COSINE_EPS, _mv(b2, ww) + COSINE_EPS
    r = 1 / np.sqrt(d1 * d2)
    return _mv(a, ww) * r, r, d1, d2


def shared_threat(data: ChoiceData, weights) -> np.ndarray:
    """The threat shared from third parties, ``S_ij(w)``, for every row of ``data``.

    Parameters
    ----------
    data : ChoiceData
        From :func:`choice_data`.
    weights : mapping or sequence of four numbers
        The weights of the four criteria (normalised to sum to 1).

    Returns
    -------
    numpy.ndarray
        The cosine between *i*'s and *j*'s threat vectors over their common third parties, 0 to 1.
    """
    data = _check_data(data)
    w = _args.weights(weights, CRITERIA)
    sh = data.shared.reshape(len(data.rows), 3, 16)
    return _cosine(sh[:, 0], sh[:, 1], sh[:, 2], w)[0]


def _starts(g: np.ndarray) -> np.ndarray:
    """The first row of each group (rows sorted by group)."""
    return np.r_[0, np.flatnonzero(np.diff(g)) + 1] if len(g) else np.zeros(0, dtype="int64")


class _Problem:
    """The arrays of one fit: rows sorted by group, covariates rescaled, and the composite
    log-likelihood with its gradient."""

    def __init__(self, data: ChoiceData, covariates: tuple[str, ...], threat: bool, fixed_w: np.ndarray | None):
        r = data.rows
        self.g = r.group.to_numpy("int64")
        self.n_groups = int(self.g[-1]) + 1 if len(self.g) else 0
        self.y = r.chosen.to_numpy("int64") == 1
        self.k = np.bincount(self.g, weights=self.y, minlength=self.n_groups)
        self.starts = _starts(self.g)
        self.gw = r.weight.to_numpy("float64")[self.starts]
        self.threat, self.fixed_w = threat, fixed_w
        self.names = list(covariates)
        z = r[list(covariates)].to_numpy("float64") if covariates else np.zeros((len(r), 0))
        # a covariate constant within every group carries no information: fixed at 0, reported
        lo = np.full((self.n_groups, z.shape[1]), np.inf)
        hi = np.full((self.n_groups, z.shape[1]), -np.inf)
        np.minimum.at(lo, self.g, z)
        np.maximum.at(hi, self.g, z)
        self.free = (hi - lo > 0).any(axis=0) if self.n_groups else np.zeros(z.shape[1], dtype=bool)
        z = z[:, self.free]
        self.z_scale = np.where(z.std(axis=0) > 0, z.std(axis=0), 1.0) if len(z) else np.ones(z.shape[1])
        self.z = np.asfortranarray(z / self.z_scale)
        self.x = r[list(CRITERIA)].to_numpy("float64")
        sh = data.shared.reshape(len(r), 3, 16)
        self.a, self.b1, self.b2 = (np.asfortranarray(sh[:, i]) for i in range(3))  # columns contiguous: _mv
        w0 = fixed_w if fixed_w is not None else np.full(4, 0.25)
        q0 = self._shared(w0)[0]
        self.q_scale = q0.std() if threat and q0.std() > 0 else 1.0
        sd = self.x.std(axis=0) if len(self.x) else np.ones(4)
        self.x_scale = np.where(sd > 0, sd, 1.0)
        self.t = np.asfortranarray(self.x / self.x_scale)
        self.n_theta = 3 if threat and fixed_w is None else 0
        self.n_beta = 1 + len(CRITERIA) if threat else 0

    @property
    def n_params(self) -> int:
        return self.n_theta + self.n_beta + self.z.shape[1]

    def weights(self, p: np.ndarray) -> np.ndarray:
        if self.fixed_w is not None or not self.threat:
            return self.fixed_w if self.fixed_w is not None else np.full(4, 0.25)
        e = np.exp(np.r_[p[:3], 0.0] - max(p[:3].max(), 0.0))
        return e / e.sum()

    def _shared(self, w: np.ndarray):
        return _cosine(self.a, self.b1, self.b2, w)

    def utility(self, p: np.ndarray):
        w = self.weights(p)
        u = _mv(self.z, p[self.n_theta + self.n_beta:])
        q = parts = None
        if self.threat:
            parts = self._shared(w)
            q = parts[0] / self.q_scale
            u = u + p[self.n_theta] * q + _mv(self.t, p[self.n_theta + 1:self.n_theta + self.n_beta])
        return u, w, q, parts

    def terms(self, u: np.ndarray, group_weight: np.ndarray):
        """Per-row pieces: shifted exp(u), the group's sum over unchosen, each chosen row's log p."""
        m = np.maximum.reduceat(u, self.starts)
        eu = np.exp(u - m[self.g])
        e_unchosen = np.bincount(self.g, weights=np.where(self.y, 0.0, eu), minlength=self.n_groups)
        denom = eu + e_unchosen[self.g]  # for a chosen row: itself plus the unchosen
        with np.errstate(divide="ignore"):  # an unchosen row's exp(u) may underflow to 0; where() discards its log
            logp = np.where(self.y, np.log(eu) - np.log(denom), 0.0)
        omega = np.where(self.y, group_weight[self.g] / np.maximum(self.k[self.g], 1), 0.0)
        return eu, denom, logp, omega

    def dll_du(self, eu: np.ndarray, denom: np.ndarray, omega: np.ndarray) -> np.ndarray:
        """d ll / d u per row: a chosen row omega (1 - p); an unchosen row -eu times the sum, over
        its group's chosen rows, of omega / denom."""
        h = np.bincount(self.g, weights=np.where(self.y, omega / denom, 0.0), minlength=self.n_groups)
        return np.where(self.y, omega * (1 - eu / denom), -eu * h[self.g])

    def loglik(self, p: np.ndarray, group_weight: np.ndarray) -> float:
        u = self.utility(p)[0]
        _, _, logp, omega = self.terms(u, group_weight)
        return _total(omega * logp)

    def objective(self, p: np.ndarray, group_weight: np.ndarray, total: float) -> tuple[float, np.ndarray]:
        """Minus the weighted composite log-likelihood over ``total``, and its gradient."""
        u, w, q, parts = self.utility(p)
        eu, denom, logp, omega = self.terms(u, group_weight)
        ll = _total(omega * logp)
        du = self.dll_du(eu, denom, omega)
        grad = np.empty(self.n_params)
        grad[self.n_theta + self.n_beta:] = _vm(du, self.z)
        if self.threat:
            bs = p[self.n_theta]
            grad[self.n_theta] = _total(du * q)
            grad[self.n_theta + 1:self.n_theta + self.n_beta] = _vm(du, self.t)
            if self.n_theta:
                s_, r_, d1, d2 = parts
                ma = _vm(du * r_, self.a).reshape(4, 4)
                mb = (_vm(du * s_ / d1, self.b1) + _vm(du * s_ / d2, self.b2)).reshape(4, 4)
                ds = _mv(ma + ma.T, w) - _mv(mb + mb.T, w) / 2  # sum over rows of du * dS/dw
                dw = bs * ds / self.q_scale  # the weights enter through S alone
                jac = (np.diag(w) - np.outer(w, w))[:, :3]  # d w / d theta
                grad[:3] = _vm(dw, jac)
        return -ll / total, -grad / total

    def solve(self, group_weight: np.ndarray, start: np.ndarray | None = None, maxiter: int = 1000,
              tol: float = 1e-12):
        total = float(group_weight.sum())
        start = np.zeros(self.n_params) if start is None else start
        bounds = [(-THETA_BOUND, THETA_BOUND)] * self.n_theta + [(None, None)] * (self.n_params - self.n_theta)
        res = optimize.minimize(self.objective, start, args=(group_weight, total), jac=True, method="L-BFGS-B",
                                bounds=bounds, options={"maxiter": maxiter, "ftol": tol, "gtol": 1e-7})
        return res

    def hessian(self, p: np.ndarray, group_weight: np.ndarray, step: float = 1e-5) -> np.ndarray:
        """The Hessian of :meth:`objective` at ``p`` (central differences of the analytic gradient),
        symmetrised."""
        total = float(group_weight.sum())
        h = np.empty((self.n_params, self.n_params))
        for i in range(self.n_params):
            e = np.zeros(self.n_params)
            e[i] = step
            h[i] = (self.objective(p + e, group_weight, total)[1] - self.objective(p - e, group_weight, total)[1]) / (2 * step)
        return (h + h.T) / 2

    def inverse_hessian(self, p: np.ndarray, group_weight: np.ndarray, step: float = 1e-5) -> np.ndarray:
        """The inverse Hessian of :meth:`objective` at ``p``, its eigenvalues floored at 1e-4 so that
        it is positive definite (a weight at zero leaves a flat direction)."""
        ev, vec = np.linalg.eigh(self.hessian(p, group_weight, step))
        inv = (vec / np.maximum(ev, 1e-4)) @ vec.T
        return (inv + inv.T) / 2

    def resolve(self, group_weight: np.ndarray, start: np.ndarray, inv_hessian: np.ndarray):
        """A re-fit from a nearby optimum: BFGS started at ``start`` with its inverse Hessian
        (a bootstrap replicate converges in a few dozen gradient evaluations)."""
        return optimize.minimize(self.objective, start, args=(group_weight, float(group_weight.sum())), jac=True,
                                 method="BFGS", options={"hess_inv0": inv_hessian, "gtol": 1e-6, "maxiter": 500})

    def cluster_scores(self, p: np.ndarray, group_weight: np.ndarray, cluster: np.ndarray,
                       step: float = 1e-6) -> np.ndarray:
        """``(n_clusters, n_params)``: each cluster's share of the gradient of the weighted
        log-likelihood at ``p`` (``cluster``: each group's cluster number, 0 to n - 1). The utility is
        linear in every parameter but the weights' three; their columns are central differences."""
        u = self.utility(p)[0]
        eu, denom, _, omega = self.terms(u, group_weight)
        du = self.dll_du(eu, denom, omega)
        rc = cluster[self.g]
        n_c = int(cluster.max()) + 1 if len(cluster) else 0
        out = np.empty((n_c, self.n_params))
        for k in range(self.n_params):
            if k < self.n_theta:
                e = np.zeros(self.n_params)
                e[k] = step
                col = (self.utility(p + e)[0] - self.utility(p - e)[0]) / (2 * step)
            elif k == self.n_theta and self.threat:
                col = self.utility(p)[2]
            elif k < self.n_theta + self.n_beta:
                col = self.t[:, k - self.n_theta - 1]
            else:
                col = self.z[:, k - self.n_theta - self.n_beta]
            out[:, k] = np.bincount(rc, weights=du * col, minlength=n_c)
        return out

    def natural(self, p: np.ndarray) -> pd.Series:
        """Parameters on the reported scale: weights, beta_shared, beta_own_<criterion>, covariates (0 if fixed)."""
        out = {}
        if self.threat:
            w = self.weights(p)
            out.update({f"w_{c}": v for c, v in zip(CRITERIA, w)})
            out["beta_shared"] = p[self.n_theta] / self.q_scale
            own = p[self.n_theta + 1:self.n_theta + self.n_beta] / self.x_scale
            out.update({f"beta_own_{c}": v for c, v in zip(CRITERIA, own)})
        gam = np.zeros(len(self.names))
        gam[self.free] = p[self.n_theta + self.n_beta:] / self.z_scale
        out.update(dict(zip(self.names, gam)))
        return pd.Series(out, dtype="float64")
