using System;
using Xunit;

namespace Functional.AD.Properties.Optim;

using Optim = Functional.AD.Optim;

/// <summary>
/// Each optimizer against a scalar loop in plain doubles written from the published update equations (not from
/// the library's code): several steps on the quadratic f(x) = (a/2)(x - c)², gradient a(x - c).
/// </summary>
public class OptimizerReferenceTests
{
    private const double A = 2.0, C = 0.3, X0 = 1.5;
    private const int Steps = 12;

    private static double Gradient(double x) => A * (x - C);

    /// <summary>The trajectory of the library's optimizer on a one-element f64 parameter.</summary>
    private static double[] Library(GradientTransformation opt, double x0 = X0)
    {
        var x = Np.Array(x0);
        var state = opt.Init(x);
        var path = new double[Steps];
        for (int i = 0; i < Steps; i++)
        {
            var g = A * (x - C);
            var (u, s) = opt.Update(g, state, x);
            state = s;
            x = Optim.ApplyUpdates(x, u);
            path[i] = x.ToArray<double>()[0];
        }
        return path;
    }

    /// <summary>The reference trajectory: <paramref name="step"/> maps (x, g, t) to the new x, keeping its own state.</summary>
    private static double[] Reference(Func<double, double, int, double> step, double x0 = X0)
    {
        var path = new double[Steps];
        double x = x0;
        for (int t = 1; t <= Steps; t++)
        {
            x = step(x, Gradient(x), t);
            path[t - 1] = x;
        }
        return path;
    }

    private static void Same(double[] expected, double[] actual, double tol = 1e-12)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"step {i + 1}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sgd_with_momentum(bool nesterov)
    {
        double lr = 0.1, mu = 0.9, buf = 0;
        var expected = Reference((x, g, _) =>
        {
            buf = mu * buf + g;
            return x - lr * (nesterov ? g + mu * buf : buf);
        });
        Same(expected, Library(Optim.Sgd(lr, mu, nesterov)));
    }

    [Fact]
    public void Plain_sgd() => Same(Reference((x, g, _) => x - 0.05 * g), Library(Optim.Sgd(0.05)));

    private static Func<double, double, int, double> AdamStep(double lr, double b1, double b2, double eps, double wd, bool nesterov)
    {
        double m = 0, v = 0;
        return (x, g, t) =>
        {
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mHat = nesterov
                ? b1 * m / (1 - Math.Pow(b1, t + 1)) + (1 - b1) * g / (1 - Math.Pow(b1, t))
                : m / (1 - Math.Pow(b1, t));
            double vHat = v / (1 - Math.Pow(b2, t));
            return x - lr * (mHat / (Math.Sqrt(vHat) + eps) + wd * x);
        };
    }

    [Fact]
    public void Adam() => Same(Reference(AdamStep(0.1, 0.9, 0.999, 1e-8, 0, false)), Library(Optim.Adam(0.1)));

    [Fact]
    public void Adam_with_other_betas() => Same(Reference(AdamStep(0.05, 0.8, 0.99, 1e-3, 0, false)), Library(Optim.Adam(0.05, 0.8, 0.99, 1e-3)));

    [Fact]
    public void Nadam() => Same(Reference(AdamStep(0.1, 0.9, 0.999, 1e-8, 0, true)), Library(Optim.Nadam(0.1)));

    [Fact]
    public void AdamW() => Same(Reference(AdamStep(0.1, 0.9, 0.999, 1e-8, 0.01, false)), Library(Optim.AdamW(0.1, weightDecay: 0.01)));

    [Fact]
    public void AdamW_default_weight_decay_is_optax_1e_4() =>
        Same(Reference(AdamStep(0.1, 0.9, 0.999, 1e-8, 1e-4, false)), Library(Optim.AdamW(0.1)));

    [Fact]
    public void Adamax()
    {
        double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, m = 0, u = 0;
        var expected = Reference((x, g, t) =>
        {
            m = b1 * m + (1 - b1) * g;
            u = Math.Max(Math.Abs(g) + eps, b2 * u);
            return x - lr * (m / (1 - Math.Pow(b1, t))) / u;
        });
        Same(expected, Library(Optim.Adamax(lr)));
    }

    [Fact]
    public void Radam()
    {
        double lr = 0.1, b1 = 0.9, b2 = 0.99, eps = 1e-8, m = 0, v = 0;
        double rhoInf = 2 / (1 - b2) - 1;
        bool rectifiedOnce = false;
        var expected = Reference((x, g, t) =>
        {
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mHat = m / (1 - Math.Pow(b1, t));
            double b2t = Math.Pow(b2, t);
            double rho = rhoInf - 2 * t * b2t / (1 - b2t);
            if (rho < 5) return x - lr * mHat;
            rectifiedOnce = true;
            double r = Math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
            return x - lr * r * mHat / (Math.Sqrt(v / (1 - b2t)) + eps);
        });
        Assert.True(rectifiedOnce, "the test should reach the rectified regime");
        Same(expected, Library(Optim.Radam(lr, b2: b2)), 1e-11);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Rmsprop(bool centered, bool withMomentum)
    {
        double lr = 0.01, decay = 0.9, eps = 1e-8, mom = 0.5, v = 0, mean = 0, buf = 0;
        var expected = Reference((x, g, _) =>
        {
            v = decay * v + (1 - decay) * g * g;
            mean = decay * mean + (1 - decay) * g;
            double step = lr * g / Math.Sqrt((centered ? v - mean * mean : v) + eps);
            if (!withMomentum) return x - step;
            buf = mom * buf + step;
            return x - buf;
        });
        Same(expected, Library(Optim.Rmsprop(lr, centered: centered, momentum: withMomentum ? mom : null)), 1e-10);
    }

    [Fact]
    public void Adagrad()
    {
        double lr = 0.1, s = 0.1, eps = 1e-7;
        Same(Reference((x, g, _) => { s += g * g; return x - lr * g / Math.Sqrt(s + eps); }), Library(Optim.Adagrad(lr)));
    }

    [Fact]
    public void Adadelta()
    {
        double lr = 1.0, rho = 0.9, eps = 1e-6, eg = 0, ex = 0;
        var expected = Reference((x, g, _) =>
        {
            eg = rho * eg + (1 - rho) * g * g;
            double d = Math.Sqrt(ex + eps) / Math.Sqrt(eg + eps) * g;
            ex = rho * ex + (1 - rho) * d * d;
            return x - lr * d;
        });
        Same(expected, Library(Optim.Adadelta(lr)));
    }

    [Fact]
    public void Lamb()
    {
        double lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-6, wd = 0.01, m = 0, v = 0;
        var expected = Reference((x, g, t) =>
        {
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double dir = m / (1 - Math.Pow(b1, t)) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps) + wd * x;
            double ratio = x == 0 || dir == 0 ? 1 : Math.Abs(x) / Math.Abs(dir);
            return x - lr * ratio * dir;
        });
        Same(expected, Library(Optim.Lamb(lr, weightDecay: wd)));
    }

    [Fact]
    public void Lion()
    {
        double lr = 0.01, b1 = 0.9, b2 = 0.99, wd = 1e-3, m = 0;
        var expected = Reference((x, g, _) =>
        {
            double u = Math.Sign((1 - b1) * g + b1 * m) + wd * x;
            m = b2 * m + (1 - b2) * g;
            return x - lr * u;
        });
        Same(expected, Library(Optim.Lion(lr)));
    }

    [Fact]
    public void Sgd_with_a_schedule_uses_the_step_count_from_zero()
    {
        var schedule = Optim.ExponentialDecay(0.1, 2, 0.5);
        var expected = Reference((x, g, t) => x - 0.1 * Math.Pow(0.5, (t - 1) / 2.0) * g);
        Same(expected, Library(Optim.Sgd(schedule)));
    }

    [Fact]
    public void Clip_and_chain_compose_in_order()
    {
        var expected = Reference((x, g, _) => x - 0.1 * Math.Clamp(g, -0.5, 0.5));
        Same(expected, Library(Optim.Chain(Optim.Clip(0.5), Optim.Sgd(0.1))));
    }
}
