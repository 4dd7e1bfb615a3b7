using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using Xunit;

namespace Functional.AD.Properties.Errors;

/// <summary>
/// Null arguments are rejected at the call, before any work, with an ArgumentNullException that names the
/// operation and the parameter: for every public method of the API's static classes and of NDArray, and for
/// every parameter that is not declared nullable (found by reflection, so a new method is covered as soon as it
/// exists). A function that returns null to a transform gets an error naming the transform.
/// </summary>
public class NullArgumentTests
{
    private static readonly Type[] ApiTypes = { typeof(Np), typeof(Nn), typeof(Lax), typeof(Jax), typeof(Tree), typeof(NDArray), typeof(Random), typeof(Functional.AD.Optim) };

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Every (method, parameter) pair that must reject null.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var (method, parameter) in NonNullableParameters()) data.Add(Describe(method, parameter));
        return data;
    }

    private static IEnumerable<(MethodInfo Method, ParameterInfo Parameter)> NonNullableParameters()
    {
        foreach (var type in ApiTypes)
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.IsSpecialName && !method.Name.StartsWith("op_", StringComparison.Ordinal)) continue;   // property accessors
                foreach (var p in method.GetParameters())
                    if (!p.ParameterType.IsValueType && !p.ParameterType.IsGenericParameter && Nullability.Create(p).WriteState != NullabilityState.Nullable)
                        yield return (method, p);
            }
    }

    private static string Describe(MethodInfo m, ParameterInfo p) =>
        $"{TypeName(m.ReturnType)} {m.DeclaringType!.Name}.{m.Name}({string.Join(", ", m.GetParameters().Select(q => TypeName(q.ParameterType)))}) {p.Name}";

    private static string TypeName(Type t) =>
        t.IsGenericType ? $"{t.Name.Split('`')[0]}<{string.Join(",", t.GetGenericArguments().Select(TypeName))}>" : t.Name;

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_null_argument_is_rejected_at_the_call_naming_the_operation(string @case)
    {
        var (method, parameter) = NonNullableParameters().Single(c => Describe(c.Method, c.Parameter) == @case);
        var m = method.IsGenericMethodDefinition ? method.MakeGenericMethod(method.GetGenericArguments().Select(GenericArgument).ToArray()) : method;
        var parameters = m.GetParameters();
        var args = parameters.Select(q => q.Position == parameter.Position ? null : Sample(q.ParameterType)).ToArray();
        object? target = m.IsStatic ? null : Np.Ones([2, 2]);
        var e = Assert.Throws<TargetInvocationException>(() => m.Invoke(target, args)).InnerException;
        var ane = Assert.IsType<ArgumentNullException>(e);
        Assert.Equal(parameter.Name, ane.ParamName);
        // "Np.Add: b is null": the operation first (NDArray's operators and conversions name the Np function or the cast).
        if (method.DeclaringType != typeof(NDArray)) Assert.StartsWith($"{method.DeclaringType!.Name}.{method.Name}: ", ane.Message);
        Assert.Matches(@"^\S+: \w+ is null", ane.Message);
    }

    private static Type GenericArgument(Type parameter) =>
        parameter.GetGenericParameterConstraints().Length == 0 && !parameter.GenericParameterAttributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint)
            ? typeof(NDArray)
            : typeof(double);

    /// <summary>A valid non-null value of <paramref name="type"/> (never used: the null check comes first).</summary>
    private static object Sample(Type type)
    {
        if (type == typeof(PRNGKey)) return Random.Key(0);
        if (type.IsValueType) return Activator.CreateInstance(type)!;
        if (typeof(NDArray).IsAssignableFrom(type)) return Np.Ones([2, 2]);
        if (type == typeof(NDArray[])) return new[] { Np.Ones([2, 2]), Np.Ones([2, 2]) };
        if (type == typeof(int[])) return new[] { 2, 2 };
        if (type == typeof(double[])) return new[] { 1.0, 2.0 };
        if (type == typeof(float[])) return new[] { 1f, 2f };
        if (type == typeof(bool[])) return new[] { true, false };
        if (type == typeof(int?[])) return new int?[] { 0 };
        if (type.IsArray && type.GetArrayRank() == 1 && type.GetElementType()!.IsValueType) return Array.CreateInstance(type.GetElementType()!, 4);
        if (type == typeof((int, int)[])) return new[] { (0, 0), (0, 0) };
        if (type == typeof(string)) return "x";
        if (type == typeof(GradientTransformation)) return Functional.AD.Optim.Identity();
        if (type == typeof(GradientTransformation[])) return new[] { Functional.AD.Optim.Identity() };
        if (type == typeof(Schedule[])) return new[] { Functional.AD.Optim.ConstantSchedule(1.0) };
        if (type == typeof(CheckpointPolicy)) return CheckpointPolicy.NothingSaveable;
        if (type == typeof(VmapAxes)) return VmapAxes.Axis(0);
        if (type == typeof(ClosedJaxpr)) return Jax.MakeJaxpr((NDArray x) => x * 2.0)(Np.Ones([2, 2]));
        if (type == typeof(Jaxpr)) return Jax.MakeJaxpr((NDArray x) => x * 2.0)(Np.Ones([2, 2])).Jaxpr;
        if (type == typeof(IReadOnlyList<NDArray>)) return Array.Empty<NDArray>();
        if (type == typeof(IReadOnlyDictionary<string, NDArray>)) return new Dictionary<string, NDArray> { ["x"] = Np.Ones([2]) };
        if (type == typeof(System.IO.Stream)) return new System.IO.MemoryStream();
        if (type.IsArray && type.GetArrayRank() == 2) return Array.CreateInstance(type.GetElementType()!, 2, 2);
        if (type.IsSZArray && type.GetElementType()!.IsValueType) return Array.CreateInstance(type.GetElementType()!, 4);   // u8, i64, u32, f16, bf16 data
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            var invoke = type.GetMethod("Invoke")!;
            var ps = invoke.GetParameters().Select(q => Expression.Parameter(q.ParameterType)).ToArray();
            Expression body = invoke.ReturnType == typeof(void) ? Expression.Empty() : Expression.Default(invoke.ReturnType);
            return Expression.Lambda(type, body, ps).Compile();
        }
        if (type == typeof(object)) return Np.Ones([2, 2]);
        if (type == typeof(object[])) return new object[] { Np.Ones([2, 2]) };
        throw new InvalidOperationException($"no sample value of {type}: extend NullArgumentTests.Sample");
    }

    [Fact]
    public void Elements_of_array_arguments_are_checked_too()
    {
        var x = Np.Ones([2]);
        var e = Assert.Throws<ArgumentNullException>(() => Np.Concatenate([x, null!]));
        Assert.Contains("Np.Concatenate", e.Message);
        Assert.Contains("arrays[1]", e.Message);
        Assert.Contains("Np.Stack", Assert.Throws<ArgumentNullException>(() => Np.Stack([null!, x])).Message);
    }

    public static TheoryData<string> Transforms() => new()
    {
        "Grad", "ValueAndGrad", "Jvp", "Vjp", "Linearize", "Vmap", "Jit", "Checkpoint", "MakeJaxpr", "Jacfwd", "Jacrev", "Scan", "Cond",
    };

    [Theory]
    [MemberData(nameof(Transforms))]
    public void A_function_that_returns_null_to_a_transform_gets_an_error_naming_the_transform(string transform)
    {
        var x = Np.Array(1.0, 2.0);
        Func<NDArray, NDArray> returnsNull = _ => null!;
        Action call = transform switch
        {
            "Grad" => () => Jax.Grad(returnsNull)(x),
            "ValueAndGrad" => () => Jax.ValueAndGrad(returnsNull)(x),
            "Jvp" => () => Jax.Jvp(returnsNull, x, x),
            "Vjp" => () => Jax.Vjp(returnsNull, x),
            "Linearize" => () => Jax.Linearize(returnsNull, x),
            "Vmap" => () => Jax.Vmap(returnsNull)(Np.Ones([2, 2])),
            "Jit" => () => Jax.Jit(returnsNull)(x),
            "Checkpoint" => () => Jax.Checkpoint(returnsNull)(x),
            "MakeJaxpr" => () => Jax.MakeJaxpr(returnsNull)(x),
            "Jacfwd" => () => Jax.Jacfwd(returnsNull)(x),
            "Jacrev" => () => Jax.Jacrev(returnsNull)(x),
            "Scan" => () => Lax.Scan<NDArray, NDArray, NDArray>((c, xi) => (null!, xi), x[0], x),
            _ => () => Lax.Cond<NDArray, NDArray>(Np.Scalar(1.0) > 0, returnsNull, t => t, x),
        };
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Contains(transform, e.Message);
        Assert.Contains("null", e.Message);
        Assert.DoesNotContain("Tree.Flatten", e.Message);
    }
}
