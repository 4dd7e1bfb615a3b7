#!/usr/bin/python3
"""Writes optimizer_trajectories.json: reference trajectories for the optax-style optimizers of Functional.AD.

Run with a Python that has torch 1.13 and numpy 1.24 (here /usr/bin/python3):

    /usr/bin/python3 tests/Properties/Optim/goldens/make_optimizer_goldens.py

Two problems, both in float64:
  quadratic  f(x) = 0.5 * sum(a_i * (x_i - c_i)^2) over x in R^5;
  mlp        a 3 -> 4 -> 2 network, y = tanh(x @ w1 + b1) @ w2 + b2, loss = mean((y - targets)^2) over a fixed batch
             of 6 inputs (mean over all 12 outputs).

Every optimizer runs STEPS steps from the same start; the JSON records the start, the data and the parameters after
each step. A trajectory comes from torch.optim where torch's update equals optax's for the chosen hyperparameters, and
otherwise from optax's update equations written below in numpy ("source" in the JSON says which). Gradients of the
numpy references come from torch autograd, so both kinds of trajectory use the same gradients.

Where torch and optax agree only for some settings:
  * RMSprop: torch adds eps outside the square root (g / (sqrt(v) + eps)); optax's default puts it inside
    (g / sqrt(v + eps)). torch rows use optax's eps_in_sqrt=False; optax's default is a numpy row.
    torch's centered RMSprop matches optax's scale_by_stddev with eps_in_sqrt=False; torch's momentum buffer
    (buf = m*buf + g/avg, p -= lr*buf) matches optax's trace applied after the learning rate.
  * Adagrad: torch starts the accumulator at 0 and adds eps (1e-10) outside the root; optax starts at 0.1 and adds
    eps (1e-7) inside. torch rows set initial_accumulator_value=0.1 and eps=0; optax's defaults are a numpy row.
  * RAdam: torch divides by sqrt(v) + eps and then multiplies by sqrt(1 - b2^t), optax divides by
    sqrt(v / (1 - b2^t)) + eps, so they agree only for eps=0 (the torch row). torch rectifies when rho_t > 5,
    optax when rho_t >= threshold (5); no step here has rho_t within 1e-3 of 5.
  * NAdam: torch's NAdam has a momentum-decay schedule (mu_t = b1 (1 - 0.5 * 0.96^(t psi))) that optax's nadam
    (adam with Nesterov momentum, Dozat's form without the schedule) does not have: numpy rows only.
  * LAMB and Lion: not in torch 1.13: numpy rows only.
  * AdamW: torch multiplies p by (1 - lr*wd) before the Adam step, optax adds wd*p to the Adam direction before
    the learning rate: the same update. torch's default weight decay is 1e-2, optax's 1e-4 (the default row).
  * SGD with weight decay: torch adds wd*p to the gradient before momentum, as optax's
    chain(add_decayed_weights(wd), sgd(lr, momentum)).
  * Adam, Adamax, Adadelta, SGD (with and without (Nesterov) momentum): the same equations in both (torch's Adam
    divides sqrt(v) by sqrt(1 - b2^t) instead of taking the root of the quotient: equal up to rounding).

"args" in each case are the arguments passed to the optax function (optax's names); a case whose args hold only
learning_rate checks the library's defaults against optax's; "hyperparameters" lists every value used.
"""

import json
import math
import os

import numpy as np
import torch

STEPS = 8
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "optimizer_trajectories.json")

torch.set_default_dtype(torch.float64)

# ----------------------------------------------------------------------------------------------------- problems

QUAD_A = [1.0, 2.0, 0.5, 3.0, 1.5]
QUAD_C = [0.3, -0.7, 1.2, 0.05, -1.1]
QUAD_X0 = [1.5, 0.4, -0.8, 0.9, 0.25]

MLP_INPUTS = [
    [0.5, -1.0, 0.25],
    [1.5, 0.3, -0.6],
    [-0.4, 0.8, 1.1],
    [0.0, -0.5, 0.9],
    [1.2, 1.0, -1.3],
    [-0.9, 0.2, 0.4],
]
MLP_TARGETS = [
    [0.2, -0.4],
    [0.9, 0.1],
    [-0.3, 0.6],
    [0.1, 0.3],
    [0.7, -0.8],
    [-0.5, 0.4],
]
MLP_START = {
    "w1": [[0.3, -0.2, 0.5, 0.1], [-0.4, 0.25, 0.15, -0.3], [0.2, 0.35, -0.45, 0.6]],
    "b1": [0.05, -0.1, 0.0, 0.2],
    "w2": [[0.4, -0.3], [-0.25, 0.5], [0.6, 0.1], [-0.15, -0.35]],
    # All zero at the start: LAMB's trust ratio takes its "zero parameter norm" branch on the first step.
    "b2": [0.0, 0.0],
}
MLP_LEAVES = ["w1", "b1", "w2", "b2"]


def quadratic_start():
    return [torch.tensor(QUAD_X0)]


def quadratic_loss(params):
    (x,) = params
    a, c = torch.tensor(QUAD_A), torch.tensor(QUAD_C)
    return 0.5 * torch.sum(a * (x - c) ** 2)


def mlp_start():
    return [torch.tensor(MLP_START[k]) for k in MLP_LEAVES]


def mlp_loss(params):
    w1, b1, w2, b2 = params
    x, t = torch.tensor(MLP_INPUTS), torch.tensor(MLP_TARGETS)
    y = torch.tanh(x @ w1 + b1) @ w2 + b2
    return torch.mean((y - t) ** 2)


PROBLEMS = {"quadratic": (quadratic_start, quadratic_loss), "mlp": (mlp_start, mlp_loss)}


def flat(params):
    """The parameters as one list of floats: the leaves in order, each row-major."""
    return [float(v) for p in params for v in p.detach().reshape(-1).tolist()]


def gradients(loss, params):
    ps = [p.detach().clone().requires_grad_(True) for p in params]
    return [g.detach().numpy().copy() for g in torch.autograd.grad(loss(ps), ps)]


# --------------------------------------------------------------------------------------------- torch runner

def run_torch(problem, make_optimizer):
    start, loss = PROBLEMS[problem]
    params = [p.clone().requires_grad_(True) for p in start()]
    opt = make_optimizer(params)
    path = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss(params).backward()
        opt.step()
        path.append(flat(params))
    return path


# ------------------------------------------------------------------------- optax's equations in numpy
# Each reference is (init(params) -> state, update(grads, state, params, t) -> (updates, state)) over lists of
# numpy arrays, t the 1-based step (optax's count after its increment); the runner adds the updates to the params.

def zero_moments(params):
    """Adam's initial state: first and second moments, all zero."""
    return [np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params]


def moments(grads, state, b1, b2):
    """optax's update_moment: (1 - b1) g + b1 m and (1 - b2) g^2 + b2 v."""
    mus, nus = state
    return ([(1 - b1) * g + b1 * m for g, m in zip(grads, mus)],
            [(1 - b2) * g ** 2 + b2 * v for g, v in zip(grads, nus)])


def adam_like(b1, b2, eps, eps_root, nesterov, lr, weight_decay=0.0, trust_ratio=False):
    """optax's scale_by_adam (Nesterov form for nadam), then add_decayed_weights, scale_by_trust_ratio, -lr."""
    def update(grads, state, params, t):
        mus, nus = moments(grads, state, b1, b2)
        out = []
        for g, m, v, p in zip(grads, mus, nus, params):
            if nesterov:
                m_hat = b1 * (m / (1 - b1 ** (t + 1))) + (1 - b1) * (g / (1 - b1 ** t))
            else:
                m_hat = m / (1 - b1 ** t)
            v_hat = v / (1 - b2 ** t)
            u = m_hat / (np.sqrt(v_hat + eps_root) + eps)
            u = u + weight_decay * p
            if trust_ratio:
                # scale_by_trust_ratio with min_norm=0, trust_coefficient=1, eps=0: ||p|| / ||u||, 1 if either is 0.
                p_norm, u_norm = np.sqrt(np.sum(p ** 2)), np.sqrt(np.sum(u ** 2))
                u = u * (1.0 if p_norm == 0.0 or u_norm == 0.0 else p_norm / u_norm)
            out.append(-lr * u)
        return out, (mus, nus)
    return zero_moments, update


def radam_numpy(lr, b1, b2, eps, eps_root, threshold):
    """optax's scale_by_radam (no Nesterov), then -lr."""
    ro_inf = 2.0 / (1.0 - b2) - 1.0

    def update(grads, state, params, t):
        mus, nus = moments(grads, state, b1, b2)
        b2t = b2 ** t
        ro = ro_inf - 2 * t * b2t / (1 - b2t)
        assert abs(ro - threshold) > 1e-3, "rho_t too close to the threshold for a stable reference"
        out = []
        for m, v in zip(mus, nus):
            m_hat = m / (1 - b1 ** t)
            if ro >= threshold:
                r = math.sqrt((ro - 4.0) * (ro - 2.0) * ro_inf / ((ro_inf - 4.0) * (ro_inf - 2.0) * ro))
                u = r * m_hat / (np.sqrt(v / (1 - b2t) + eps_root) + eps)
            else:
                u = m_hat
            out.append(-lr * u)
        return out, (mus, nus)
    return zero_moments, update


def rmsprop_numpy(lr, decay, eps):
    """optax's rmsprop with its defaults otherwise: scale_by_rms (eps inside the root, v starting at 0), then -lr."""
    def init(params):
        return [np.zeros_like(p) for p in params]

    def update(grads, state, params, t):
        nus = [(1 - decay) * g ** 2 + decay * v for g, v in zip(grads, state)]
        return [-lr * (g / np.sqrt(v + eps)) for g, v in zip(grads, nus)], nus
    return init, update


def adagrad_numpy(lr, initial_accumulator_value, eps):
    """optax's scale_by_rss (g / sqrt(s + eps) where s > 0, else 0), then -lr."""
    def init(params):
        return [np.full_like(p, initial_accumulator_value) for p in params]

    def update(grads, state, params, t):
        sums = [g ** 2 + s for g, s in zip(grads, state)]
        return [-lr * np.where(s > 0, g / np.sqrt(s + eps), 0.0) for g, s in zip(grads, sums)], sums
    return init, update


def lion_numpy(lr, b1, b2, weight_decay):
    """optax's scale_by_lion (hard sign), add_decayed_weights, then -lr."""
    def init(params):
        return [np.zeros_like(p) for p in params]

    def update(grads, state, params, t):
        out = []
        for g, m, p in zip(grads, state, params):
            x = (1 - b1) * g + b1 * m
            assert np.min(np.abs(x)) > 1e-9, "a sign argument too close to 0 for a stable reference"
            out.append(-lr * (np.sign(x) + weight_decay * p))
        mus = [(1 - b2) * g + b2 * m for g, m in zip(grads, state)]
        return out, mus
    return init, update


def run_numpy(problem, reference):
    start, loss = PROBLEMS[problem]
    params = [p.numpy().copy() for p in start()]
    init, update = reference
    state = init(params)
    path = []
    for t in range(1, STEPS + 1):
        grads = gradients(loss, [torch.tensor(p) for p in params])
        updates, state = update(grads, state, params, t)
        params = [p + u for p, u in zip(params, updates)]
        path.append(flat([torch.tensor(p) for p in params]))
    return path


# ------------------------------------------------------------------------------------------------- the cases
# (optimizer, setting, args passed to optax (optax's names), every hyperparameter used, source, runner, note)

O = torch.optim
NUMPY = "optax equations in numpy"


def case(optimizer, setting, args, hyper, source, run, note="", twin=None):
    """twin: for a torch case, optax's equations in numpy for the same hyperparameters, run as a cross-check."""
    return dict(optimizer=optimizer, setting=setting, args=args, hyper=hyper, source=source, run=run, note=note,
                twin=twin)


CASES = [
    case("sgd", "plain", {"learning_rate": 0.05}, {"learning_rate": 0.05},
         "torch.optim.SGD", lambda ps: O.SGD(ps, lr=0.05)),
    case("sgd", "momentum", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": False},
         {"learning_rate": 0.05, "momentum": 0.9, "nesterov": False},
         "torch.optim.SGD", lambda ps: O.SGD(ps, lr=0.05, momentum=0.9)),
    case("sgd", "nesterov", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True},
         {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True},
         "torch.optim.SGD", lambda ps: O.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
    case("sgd_weight_decay", "momentum", {"learning_rate": 0.05, "momentum": 0.9, "weight_decay": 0.01},
         {"learning_rate": 0.05, "momentum": 0.9, "weight_decay": 0.01},
         "torch.optim.SGD", lambda ps: O.SGD(ps, lr=0.05, momentum=0.9, weight_decay=0.01),
         "optax: chain(add_decayed_weights(weight_decay), sgd(learning_rate, momentum))"),
    case("adam", "optax-defaults", {"learning_rate": 0.1},
         {"learning_rate": 0.1, "b1": 0.9, "b2": 0.999, "eps": 1e-8, "eps_root": 0.0},
         "torch.optim.Adam", lambda ps: O.Adam(ps, lr=0.1, betas=(0.9, 0.999), eps=1e-8),
         twin=adam_like(0.9, 0.999, 1e-8, 0.0, False, 0.1)),
    case("adam", "other", {"learning_rate": 0.05, "b1": 0.8, "b2": 0.99, "eps": 1e-3},
         {"learning_rate": 0.05, "b1": 0.8, "b2": 0.99, "eps": 1e-3, "eps_root": 0.0},
         "torch.optim.Adam", lambda ps: O.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-3),
         twin=adam_like(0.8, 0.99, 1e-3, 0.0, False, 0.05)),
    case("adamw", "optax-defaults", {"learning_rate": 0.1},
         {"learning_rate": 0.1, "b1": 0.9, "b2": 0.999, "eps": 1e-8, "weight_decay": 1e-4},
         "torch.optim.AdamW", lambda ps: O.AdamW(ps, lr=0.1, weight_decay=1e-4),
         "torch's default weight_decay is 1e-2; optax's 1e-4 is set explicitly",
         twin=adam_like(0.9, 0.999, 1e-8, 0.0, False, 0.1, 1e-4)),
    case("adamw", "other", {"learning_rate": 0.05, "b1": 0.85, "b2": 0.995, "eps": 1e-6, "weight_decay": 0.05},
         {"learning_rate": 0.05, "b1": 0.85, "b2": 0.995, "eps": 1e-6, "weight_decay": 0.05},
         "torch.optim.AdamW", lambda ps: O.AdamW(ps, lr=0.05, betas=(0.85, 0.995), eps=1e-6, weight_decay=0.05),
         twin=adam_like(0.85, 0.995, 1e-6, 0.0, False, 0.05, 0.05)),
    case("adamax", "optax-defaults", {"learning_rate": 0.1},
         {"learning_rate": 0.1, "b1": 0.9, "b2": 0.999, "eps": 1e-8},
         "torch.optim.Adamax", lambda ps: O.Adamax(ps, lr=0.1, betas=(0.9, 0.999), eps=1e-8)),
    case("adamax", "other", {"learning_rate": 0.05, "b1": 0.8, "b2": 0.99, "eps": 1e-4},
         {"learning_rate": 0.05, "b1": 0.8, "b2": 0.99, "eps": 1e-4},
         "torch.optim.Adamax", lambda ps: O.Adamax(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-4)),
    case("nadam", "optax-defaults", {"learning_rate": 0.1},
         {"learning_rate": 0.1, "b1": 0.9, "b2": 0.999, "eps": 1e-8, "eps_root": 0.0},
         NUMPY, adam_like(0.9, 0.999, 1e-8, 0.0, True, 0.1),
         "torch.optim.NAdam's momentum-decay schedule has no optax counterpart"),
    case("nadam", "other", {"learning_rate": 0.05, "b1": 0.8, "b2": 0.99, "eps": 1e-4},
         {"learning_rate": 0.05, "b1": 0.8, "b2": 0.99, "eps": 1e-4, "eps_root": 0.0},
         NUMPY, adam_like(0.8, 0.99, 1e-4, 0.0, True, 0.05),
         "torch.optim.NAdam's momentum-decay schedule has no optax counterpart"),
    case("radam", "optax-defaults", {"learning_rate": 0.1},
         {"learning_rate": 0.1, "b1": 0.9, "b2": 0.999, "eps": 1e-8, "eps_root": 0.0, "threshold": 5.0},
         NUMPY, radam_numpy(0.1, 0.9, 0.999, 1e-8, 0.0, 5.0),
         "rectified from step 6 on; torch.optim.RAdam places eps differently (agrees only for eps=0)"),
    case("radam", "eps0", {"learning_rate": 0.05, "b1": 0.9, "b2": 0.9, "eps": 0.0},
         {"learning_rate": 0.05, "b1": 0.9, "b2": 0.9, "eps": 0.0, "eps_root": 0.0, "threshold": 5.0},
         "torch.optim.RAdam", lambda ps: O.RAdam(ps, lr=0.05, betas=(0.9, 0.9), eps=0.0),
         "eps=0 so that torch's sqrt(1-b2^t)/sqrt(v) equals optax's 1/sqrt(v/(1-b2^t)); rectified from step 6 on",
         twin=radam_numpy(0.05, 0.9, 0.9, 0.0, 0.0, 5.0)),
    case("rmsprop", "optax-defaults", {"learning_rate": 0.01},
         {"learning_rate": 0.01, "decay": 0.9, "eps": 1e-8, "eps_in_sqrt": True, "centered": False, "momentum": None},
         NUMPY, rmsprop_numpy(0.01, 0.9, 1e-8),
         "optax's default puts eps inside the square root; torch.optim.RMSprop adds it outside"),
    case("rmsprop", "eps-outside", {"learning_rate": 0.01, "decay": 0.9, "eps": 1e-8, "eps_in_sqrt": False},
         {"learning_rate": 0.01, "decay": 0.9, "eps": 1e-8, "eps_in_sqrt": False, "centered": False, "momentum": None},
         "torch.optim.RMSprop", lambda ps: O.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-8)),
    case("rmsprop", "centered-momentum",
         {"learning_rate": 0.01, "decay": 0.95, "eps": 1e-6, "eps_in_sqrt": False, "centered": True, "momentum": 0.5},
         {"learning_rate": 0.01, "decay": 0.95, "eps": 1e-6, "eps_in_sqrt": False, "centered": True, "momentum": 0.5},
         "torch.optim.RMSprop", lambda ps: O.RMSprop(ps, lr=0.01, alpha=0.95, eps=1e-6, centered=True, momentum=0.5)),
    case("adagrad", "optax-defaults", {"learning_rate": 0.1},
         {"learning_rate": 0.1, "initial_accumulator_value": 0.1, "eps": 1e-7},
         NUMPY, adagrad_numpy(0.1, 0.1, 1e-7),
         "torch.optim.Adagrad adds eps outside the root (and starts at 0 by default)"),
    case("adagrad", "eps0", {"learning_rate": 0.1, "initial_accumulator_value": 0.1, "eps": 0.0},
         {"learning_rate": 0.1, "initial_accumulator_value": 0.1, "eps": 0.0},
         "torch.optim.Adagrad", lambda ps: O.Adagrad(ps, lr=0.1, initial_accumulator_value=0.1, eps=0.0),
         "eps=0 so that torch's g/(sqrt(s)+eps) equals optax's g/sqrt(s+eps)",
         twin=adagrad_numpy(0.1, 0.1, 0.0)),
    case("adadelta", "optax-defaults", {"learning_rate": 1.0},
         {"learning_rate": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
         "torch.optim.Adadelta", lambda ps: O.Adadelta(ps, lr=1.0, rho=0.9, eps=1e-6),
         "optax's default learning_rate is None (no scaling); 1.0 is passed"),
    case("adadelta", "other", {"learning_rate": 0.5, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.01},
         {"learning_rate": 0.5, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.01},
         "torch.optim.Adadelta", lambda ps: O.Adadelta(ps, lr=0.5, rho=0.95, eps=1e-4, weight_decay=0.01)),
    case("lamb", "optax-defaults", {"learning_rate": 0.05},
         {"learning_rate": 0.05, "b1": 0.9, "b2": 0.999, "eps": 1e-6, "eps_root": 0.0, "weight_decay": 0.0},
         NUMPY, adam_like(0.9, 0.999, 1e-6, 0.0, False, 0.05, 0.0, trust_ratio=True), "not in torch 1.13"),
    case("lamb", "other", {"learning_rate": 0.05, "b1": 0.85, "b2": 0.99, "eps": 1e-6, "weight_decay": 0.01},
         {"learning_rate": 0.05, "b1": 0.85, "b2": 0.99, "eps": 1e-6, "eps_root": 0.0, "weight_decay": 0.01},
         NUMPY, adam_like(0.85, 0.99, 1e-6, 0.0, False, 0.05, 0.01, trust_ratio=True), "not in torch 1.13"),
    case("lion", "optax-defaults", {"learning_rate": 0.01},
         {"learning_rate": 0.01, "b1": 0.9, "b2": 0.99, "weight_decay": 1e-3},
         NUMPY, lion_numpy(0.01, 0.9, 0.99, 1e-3), "not in torch 1.13"),
    case("lion", "other", {"learning_rate": 0.02, "b1": 0.95, "b2": 0.98, "weight_decay": 0.1},
         {"learning_rate": 0.02, "b1": 0.95, "b2": 0.98, "weight_decay": 0.1},
         NUMPY, lion_numpy(0.02, 0.95, 0.98, 0.1), "not in torch 1.13"),
]


def main():
    cases = []
    for c in CASES:
        for problem in PROBLEMS:
            path = run_torch(problem, c["run"]) if c["source"] != NUMPY else run_numpy(problem, c["run"])
            if c["twin"] is not None:
                twin = run_numpy(problem, c["twin"])
                worst = max(abs(a - b) / (abs(b) + 1e-3) for xs, ys in zip(path, twin) for a, b in zip(xs, ys))
                assert worst < 1e-12, f"{c['optimizer']}/{c['setting']}/{problem}: torch and optax's equations differ by {worst}"
                print(f"{c['optimizer']}/{c['setting']}/{problem}: torch vs optax equations in numpy, max rel diff {worst:.1e}")
            entry = {k: c[k] for k in ("optimizer", "setting", "problem", "source", "args", "hyper", "note") if k in c}
            entry["problem"] = problem
            entry["trajectory"] = path
            cases.append(entry)
    doc = {
        "generator": "tests/Properties/Optim/goldens/make_optimizer_goldens.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "dtype": "float64",
        "steps": STEPS,
        "problems": {
            "quadratic": {
                "loss": "0.5 * sum(a * (x - c)^2)",
                "a": QUAD_A, "c": QUAD_C, "x0": QUAD_X0,
                "layout": [["x", [5]]],
            },
            "mlp": {
                "loss": "mean((tanh(inputs @ w1 + b1) @ w2 + b2 - targets)^2)",
                "inputs": MLP_INPUTS, "targets": MLP_TARGETS,
                "start": MLP_START,
                "layout": [["w1", [3, 4]], ["b1", [4]], ["w2", [4, 2]], ["b2", [2]]],
            },
        },
        "note": "trajectory[k] holds the parameters after step k+1, all leaves in layout order, each row-major",
        "cases": cases,
    }
    with open(OUT, "w") as f:
        # One case per line keeps the file small and its diffs readable.
        f.write("{\n")
        keys = [k for k in doc if k != "cases"]
        for k in keys:
            f.write(f"  {json.dumps(k)}: {json.dumps(doc[k])},\n")
        f.write('  "cases": [\n')
        f.write(",\n".join("    " + json.dumps(c) for c in cases))
        f.write("\n  ]\n}\n")
    print(f"wrote {len(cases)} cases to {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
