// The typed argnums overloads, one line each onto the selection helpers in Jax.ArgnumsCore.cs.
using System;

// The argnums marker's type selects the overload; its value carries nothing, so it is never read.
#pragma warning disable IDE0060

namespace Functional.AD;

public static partial class Jax
{
    /// <summary><c>jax.grad(f, argnums=0)</c> of a 2-argument function: the gradient with respect to the first argument; the other is passed through unchanged.</summary>
    public static Func<A, B, A> Grad<A, B>(Func<A, B, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, GradOf<A>());
    /// <summary><c>jax.value_and_grad(f, argnums=0)</c> of a 2-argument function: the value and the gradient as in <see cref="Grad{A, B}(Func{A, B, NDArray}, Argnums.FirstArgument)"/>.</summary>
    public static Func<A, B, (NDArray Value, A Grad)> ValueAndGrad<A, B>(Func<A, B, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, ValueAndGradOf<A>());
    /// <summary><c>jax.grad(f, argnums=0, has_aux=True)</c> of a 2-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, (A Grad, TAux Aux)> GradWithAux<A, B, TAux>(Func<A, B, (NDArray Value, TAux Aux)> f, Argnums.FirstArgument argnums) => WrtFirst(f, GradWithAuxOf<A, TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=0, has_aux=True)</c> of a 2-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, ((NDArray Value, TAux Aux) Value, A Grad)> ValueAndGradWithAux<A, B, TAux>(Func<A, B, (NDArray Value, TAux Aux)> f, Argnums.FirstArgument argnums) => WrtFirst(f, ValueAndGradWithAuxOf<A, TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=0)</c>: the Jacobian by forward mode with respect to the first argument (out.Shape ++ x.Shape).</summary>
    public static Func<NDArray, B, NDArray> Jacfwd<B>(Func<NDArray, B, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, JacobianOf<NDArray>(true));
    /// <summary><c>jax.jacrev(f, argnums=0)</c>: the Jacobian by reverse mode with respect to the first argument (out.Shape ++ x.Shape).</summary>
    public static Func<NDArray, B, NDArray> Jacrev<B>(Func<NDArray, B, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, JacobianOf<NDArray>(false));
    /// <summary><c>jax.hessian(f, argnums=0)</c>: the Hessian with respect to the first argument.</summary>
    public static Func<NDArray, B, NDArray> Hessian<B>(Func<NDArray, B, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, HessianOf<NDArray, NDArray>(h => h[0][0]));

    /// <summary><c>jax.grad(f, argnums=1)</c> of a 2-argument function: the gradient with respect to the second argument; the other is passed through unchanged.</summary>
    public static Func<A, B, B> Grad<A, B>(Func<A, B, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, GradOf<B>());
    /// <summary><c>jax.value_and_grad(f, argnums=1)</c> of a 2-argument function: the value and the gradient as in <see cref="Grad{A, B}(Func{A, B, NDArray}, Argnums.SecondArgument)"/>.</summary>
    public static Func<A, B, (NDArray Value, B Grad)> ValueAndGrad<A, B>(Func<A, B, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, ValueAndGradOf<B>());
    /// <summary><c>jax.grad(f, argnums=1, has_aux=True)</c> of a 2-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, (B Grad, TAux Aux)> GradWithAux<A, B, TAux>(Func<A, B, (NDArray Value, TAux Aux)> f, Argnums.SecondArgument argnums) => WrtSecond(f, GradWithAuxOf<B, TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=1, has_aux=True)</c> of a 2-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, ((NDArray Value, TAux Aux) Value, B Grad)> ValueAndGradWithAux<A, B, TAux>(Func<A, B, (NDArray Value, TAux Aux)> f, Argnums.SecondArgument argnums) => WrtSecond(f, ValueAndGradWithAuxOf<B, TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=1)</c>: the Jacobian by forward mode with respect to the second argument (out.Shape ++ x.Shape).</summary>
    public static Func<A, NDArray, NDArray> Jacfwd<A>(Func<A, NDArray, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, JacobianOf<NDArray>(true));
    /// <summary><c>jax.jacrev(f, argnums=1)</c>: the Jacobian by reverse mode with respect to the second argument (out.Shape ++ x.Shape).</summary>
    public static Func<A, NDArray, NDArray> Jacrev<A>(Func<A, NDArray, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, JacobianOf<NDArray>(false));
    /// <summary><c>jax.hessian(f, argnums=1)</c>: the Hessian with respect to the second argument.</summary>
    public static Func<A, NDArray, NDArray> Hessian<A>(Func<A, NDArray, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, HessianOf<NDArray, NDArray>(h => h[0][0]));

    /// <summary><c>jax.grad(f, argnums=(0, 1))</c> of a 2-argument function: the gradient with respect to arguments (0, 1); a tuple with one gradient per argument.</summary>
    public static Func<A, B, (A, B)> Grad<A, B>(Func<A, B, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, GradOf<(A, B)>());
    /// <summary><c>jax.value_and_grad(f, argnums=(0, 1))</c> of a 2-argument function: the value and the gradient as in <see cref="Grad{A, B}(Func{A, B, NDArray}, Argnums.AllArguments)"/>.</summary>
    public static Func<A, B, (NDArray Value, (A, B) Grad)> ValueAndGrad<A, B>(Func<A, B, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, ValueAndGradOf<(A, B)>());
    /// <summary><c>jax.grad(f, argnums=(0, 1), has_aux=True)</c> of a 2-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, ((A, B) Grad, TAux Aux)> GradWithAux<A, B, TAux>(Func<A, B, (NDArray Value, TAux Aux)> f, Argnums.AllArguments argnums) => WrtAll(f, GradWithAuxOf<(A, B), TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=(0, 1), has_aux=True)</c> of a 2-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, ((NDArray Value, TAux Aux) Value, (A, B) Grad)> ValueAndGradWithAux<A, B, TAux>(Func<A, B, (NDArray Value, TAux Aux)> f, Argnums.AllArguments argnums) => WrtAll(f, ValueAndGradWithAuxOf<(A, B), TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=(0, 1))</c>: the Jacobian by forward mode with respect to arguments (0, 1) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<NDArray, NDArray, (NDArray, NDArray)> Jacfwd(Func<NDArray, NDArray, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, JacobianOf<(NDArray, NDArray)>(true));
    /// <summary><c>jax.jacrev(f, argnums=(0, 1))</c>: the Jacobian by reverse mode with respect to arguments (0, 1) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<NDArray, NDArray, (NDArray, NDArray)> Jacrev(Func<NDArray, NDArray, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, JacobianOf<(NDArray, NDArray)>(false));
    /// <summary><c>jax.hessian(f, argnums=(0, 1))</c>: the Hessian with respect to arguments (0, 1) as JAX's nested tuple of blocks, block (i, j) shaped argument i's shape ++ argument j's shape.</summary>
    public static Func<NDArray, NDArray, ((NDArray, NDArray), (NDArray, NDArray))> Hessian(Func<NDArray, NDArray, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, HessianOf<(NDArray, NDArray), ((NDArray, NDArray), (NDArray, NDArray))>(h => ((h[0][0], h[0][1]), (h[1][0], h[1][1]))));

    /// <summary><c>jax.grad(f, argnums=0)</c> of a 3-argument function: the gradient with respect to the first argument; the others are passed through unchanged.</summary>
    public static Func<A, B, C, A> Grad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, GradOf<A>());
    /// <summary><c>jax.value_and_grad(f, argnums=0)</c> of a 3-argument function: the value and the gradient as in <see cref="Grad{A, B, C}(Func{A, B, C, NDArray}, Argnums.FirstArgument)"/>.</summary>
    public static Func<A, B, C, (NDArray Value, A Grad)> ValueAndGrad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, ValueAndGradOf<A>());
    /// <summary><c>jax.grad(f, argnums=0, has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, C, (A Grad, TAux Aux)> GradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.FirstArgument argnums) => WrtFirst(f, GradWithAuxOf<A, TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=0, has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, C, ((NDArray Value, TAux Aux) Value, A Grad)> ValueAndGradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.FirstArgument argnums) => WrtFirst(f, ValueAndGradWithAuxOf<A, TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=0)</c>: the Jacobian by forward mode with respect to the first argument (out.Shape ++ x.Shape).</summary>
    public static Func<NDArray, B, C, NDArray> Jacfwd<B, C>(Func<NDArray, B, C, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, JacobianOf<NDArray>(true));
    /// <summary><c>jax.jacrev(f, argnums=0)</c>: the Jacobian by reverse mode with respect to the first argument (out.Shape ++ x.Shape).</summary>
    public static Func<NDArray, B, C, NDArray> Jacrev<B, C>(Func<NDArray, B, C, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, JacobianOf<NDArray>(false));
    /// <summary><c>jax.hessian(f, argnums=0)</c>: the Hessian with respect to the first argument.</summary>
    public static Func<NDArray, B, C, NDArray> Hessian<B, C>(Func<NDArray, B, C, NDArray> f, Argnums.FirstArgument argnums) => WrtFirst(f, HessianOf<NDArray, NDArray>(h => h[0][0]));

    /// <summary><c>jax.grad(f, argnums=1)</c> of a 3-argument function: the gradient with respect to the second argument; the others are passed through unchanged.</summary>
    public static Func<A, B, C, B> Grad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, GradOf<B>());
    /// <summary><c>jax.value_and_grad(f, argnums=1)</c> of a 3-argument function: the value and the gradient as in <see cref="Grad{A, B, C}(Func{A, B, C, NDArray}, Argnums.SecondArgument)"/>.</summary>
    public static Func<A, B, C, (NDArray Value, B Grad)> ValueAndGrad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, ValueAndGradOf<B>());
    /// <summary><c>jax.grad(f, argnums=1, has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, C, (B Grad, TAux Aux)> GradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.SecondArgument argnums) => WrtSecond(f, GradWithAuxOf<B, TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=1, has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, C, ((NDArray Value, TAux Aux) Value, B Grad)> ValueAndGradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.SecondArgument argnums) => WrtSecond(f, ValueAndGradWithAuxOf<B, TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=1)</c>: the Jacobian by forward mode with respect to the second argument (out.Shape ++ x.Shape).</summary>
    public static Func<A, NDArray, C, NDArray> Jacfwd<A, C>(Func<A, NDArray, C, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, JacobianOf<NDArray>(true));
    /// <summary><c>jax.jacrev(f, argnums=1)</c>: the Jacobian by reverse mode with respect to the second argument (out.Shape ++ x.Shape).</summary>
    public static Func<A, NDArray, C, NDArray> Jacrev<A, C>(Func<A, NDArray, C, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, JacobianOf<NDArray>(false));
    /// <summary><c>jax.hessian(f, argnums=1)</c>: the Hessian with respect to the second argument.</summary>
    public static Func<A, NDArray, C, NDArray> Hessian<A, C>(Func<A, NDArray, C, NDArray> f, Argnums.SecondArgument argnums) => WrtSecond(f, HessianOf<NDArray, NDArray>(h => h[0][0]));

    /// <summary><c>jax.grad(f, argnums=2)</c> of a 3-argument function: the gradient with respect to the third argument; the others are passed through unchanged.</summary>
    public static Func<A, B, C, C> Grad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.ThirdArgument argnums) => WrtThird(f, GradOf<C>());
    /// <summary><c>jax.value_and_grad(f, argnums=2)</c> of a 3-argument function: the value and the gradient as in <see cref="Grad{A, B, C}(Func{A, B, C, NDArray}, Argnums.ThirdArgument)"/>.</summary>
    public static Func<A, B, C, (NDArray Value, C Grad)> ValueAndGrad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.ThirdArgument argnums) => WrtThird(f, ValueAndGradOf<C>());
    /// <summary><c>jax.grad(f, argnums=2, has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, C, (C Grad, TAux Aux)> GradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.ThirdArgument argnums) => WrtThird(f, GradWithAuxOf<C, TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=2, has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, C, ((NDArray Value, TAux Aux) Value, C Grad)> ValueAndGradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.ThirdArgument argnums) => WrtThird(f, ValueAndGradWithAuxOf<C, TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=2)</c>: the Jacobian by forward mode with respect to the third argument (out.Shape ++ x.Shape).</summary>
    public static Func<A, B, NDArray, NDArray> Jacfwd<A, B>(Func<A, B, NDArray, NDArray> f, Argnums.ThirdArgument argnums) => WrtThird(f, JacobianOf<NDArray>(true));
    /// <summary><c>jax.jacrev(f, argnums=2)</c>: the Jacobian by reverse mode with respect to the third argument (out.Shape ++ x.Shape).</summary>
    public static Func<A, B, NDArray, NDArray> Jacrev<A, B>(Func<A, B, NDArray, NDArray> f, Argnums.ThirdArgument argnums) => WrtThird(f, JacobianOf<NDArray>(false));
    /// <summary><c>jax.hessian(f, argnums=2)</c>: the Hessian with respect to the third argument.</summary>
    public static Func<A, B, NDArray, NDArray> Hessian<A, B>(Func<A, B, NDArray, NDArray> f, Argnums.ThirdArgument argnums) => WrtThird(f, HessianOf<NDArray, NDArray>(h => h[0][0]));

    /// <summary><c>jax.grad(f, argnums=(0, 1))</c> of a 3-argument function: the gradient with respect to arguments (0, 1); the others are passed through unchanged.</summary>
    public static Func<A, B, C, (A, B)> Grad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.FirstAndSecondArguments argnums) => WrtFirstAndSecond(f, GradOf<(A, B)>());
    /// <summary><c>jax.value_and_grad(f, argnums=(0, 1))</c> of a 3-argument function: the value and the gradient as in <see cref="Grad{A, B, C}(Func{A, B, C, NDArray}, Argnums.FirstAndSecondArguments)"/>.</summary>
    public static Func<A, B, C, (NDArray Value, (A, B) Grad)> ValueAndGrad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.FirstAndSecondArguments argnums) => WrtFirstAndSecond(f, ValueAndGradOf<(A, B)>());
    /// <summary><c>jax.grad(f, argnums=(0, 1), has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, C, ((A, B) Grad, TAux Aux)> GradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.FirstAndSecondArguments argnums) => WrtFirstAndSecond(f, GradWithAuxOf<(A, B), TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=(0, 1), has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, C, ((NDArray Value, TAux Aux) Value, (A, B) Grad)> ValueAndGradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.FirstAndSecondArguments argnums) => WrtFirstAndSecond(f, ValueAndGradWithAuxOf<(A, B), TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=(0, 1))</c>: the Jacobian by forward mode with respect to arguments (0, 1) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<NDArray, NDArray, C, (NDArray, NDArray)> Jacfwd<C>(Func<NDArray, NDArray, C, NDArray> f, Argnums.FirstAndSecondArguments argnums) => WrtFirstAndSecond(f, JacobianOf<(NDArray, NDArray)>(true));
    /// <summary><c>jax.jacrev(f, argnums=(0, 1))</c>: the Jacobian by reverse mode with respect to arguments (0, 1) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<NDArray, NDArray, C, (NDArray, NDArray)> Jacrev<C>(Func<NDArray, NDArray, C, NDArray> f, Argnums.FirstAndSecondArguments argnums) => WrtFirstAndSecond(f, JacobianOf<(NDArray, NDArray)>(false));
    /// <summary><c>jax.hessian(f, argnums=(0, 1))</c>: the Hessian with respect to arguments (0, 1) as JAX's nested tuple of blocks, block (i, j) shaped argument i's shape ++ argument j's shape.</summary>
    public static Func<NDArray, NDArray, C, ((NDArray, NDArray), (NDArray, NDArray))> Hessian<C>(Func<NDArray, NDArray, C, NDArray> f, Argnums.FirstAndSecondArguments argnums) => WrtFirstAndSecond(f, HessianOf<(NDArray, NDArray), ((NDArray, NDArray), (NDArray, NDArray))>(h => ((h[0][0], h[0][1]), (h[1][0], h[1][1]))));

    /// <summary><c>jax.grad(f, argnums=(0, 2))</c> of a 3-argument function: the gradient with respect to arguments (0, 2); the others are passed through unchanged.</summary>
    public static Func<A, B, C, (A, C)> Grad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.FirstAndThirdArguments argnums) => WrtFirstAndThird(f, GradOf<(A, C)>());
    /// <summary><c>jax.value_and_grad(f, argnums=(0, 2))</c> of a 3-argument function: the value and the gradient as in <see cref="Grad{A, B, C}(Func{A, B, C, NDArray}, Argnums.FirstAndThirdArguments)"/>.</summary>
    public static Func<A, B, C, (NDArray Value, (A, C) Grad)> ValueAndGrad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.FirstAndThirdArguments argnums) => WrtFirstAndThird(f, ValueAndGradOf<(A, C)>());
    /// <summary><c>jax.grad(f, argnums=(0, 2), has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, C, ((A, C) Grad, TAux Aux)> GradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.FirstAndThirdArguments argnums) => WrtFirstAndThird(f, GradWithAuxOf<(A, C), TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=(0, 2), has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, C, ((NDArray Value, TAux Aux) Value, (A, C) Grad)> ValueAndGradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.FirstAndThirdArguments argnums) => WrtFirstAndThird(f, ValueAndGradWithAuxOf<(A, C), TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=(0, 2))</c>: the Jacobian by forward mode with respect to arguments (0, 2) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<NDArray, B, NDArray, (NDArray, NDArray)> Jacfwd<B>(Func<NDArray, B, NDArray, NDArray> f, Argnums.FirstAndThirdArguments argnums) => WrtFirstAndThird(f, JacobianOf<(NDArray, NDArray)>(true));
    /// <summary><c>jax.jacrev(f, argnums=(0, 2))</c>: the Jacobian by reverse mode with respect to arguments (0, 2) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<NDArray, B, NDArray, (NDArray, NDArray)> Jacrev<B>(Func<NDArray, B, NDArray, NDArray> f, Argnums.FirstAndThirdArguments argnums) => WrtFirstAndThird(f, JacobianOf<(NDArray, NDArray)>(false));
    /// <summary><c>jax.hessian(f, argnums=(0, 2))</c>: the Hessian with respect to arguments (0, 2) as JAX's nested tuple of blocks, block (i, j) shaped argument i's shape ++ argument j's shape.</summary>
    public static Func<NDArray, B, NDArray, ((NDArray, NDArray), (NDArray, NDArray))> Hessian<B>(Func<NDArray, B, NDArray, NDArray> f, Argnums.FirstAndThirdArguments argnums) => WrtFirstAndThird(f, HessianOf<(NDArray, NDArray), ((NDArray, NDArray), (NDArray, NDArray))>(h => ((h[0][0], h[0][1]), (h[1][0], h[1][1]))));

    /// <summary><c>jax.grad(f, argnums=(1, 2))</c> of a 3-argument function: the gradient with respect to arguments (1, 2); the others are passed through unchanged.</summary>
    public static Func<A, B, C, (B, C)> Grad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.SecondAndThirdArguments argnums) => WrtSecondAndThird(f, GradOf<(B, C)>());
    /// <summary><c>jax.value_and_grad(f, argnums=(1, 2))</c> of a 3-argument function: the value and the gradient as in <see cref="Grad{A, B, C}(Func{A, B, C, NDArray}, Argnums.SecondAndThirdArguments)"/>.</summary>
    public static Func<A, B, C, (NDArray Value, (B, C) Grad)> ValueAndGrad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.SecondAndThirdArguments argnums) => WrtSecondAndThird(f, ValueAndGradOf<(B, C)>());
    /// <summary><c>jax.grad(f, argnums=(1, 2), has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, C, ((B, C) Grad, TAux Aux)> GradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.SecondAndThirdArguments argnums) => WrtSecondAndThird(f, GradWithAuxOf<(B, C), TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=(1, 2), has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, C, ((NDArray Value, TAux Aux) Value, (B, C) Grad)> ValueAndGradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.SecondAndThirdArguments argnums) => WrtSecondAndThird(f, ValueAndGradWithAuxOf<(B, C), TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=(1, 2))</c>: the Jacobian by forward mode with respect to arguments (1, 2) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<A, NDArray, NDArray, (NDArray, NDArray)> Jacfwd<A>(Func<A, NDArray, NDArray, NDArray> f, Argnums.SecondAndThirdArguments argnums) => WrtSecondAndThird(f, JacobianOf<(NDArray, NDArray)>(true));
    /// <summary><c>jax.jacrev(f, argnums=(1, 2))</c>: the Jacobian by reverse mode with respect to arguments (1, 2) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<A, NDArray, NDArray, (NDArray, NDArray)> Jacrev<A>(Func<A, NDArray, NDArray, NDArray> f, Argnums.SecondAndThirdArguments argnums) => WrtSecondAndThird(f, JacobianOf<(NDArray, NDArray)>(false));
    /// <summary><c>jax.hessian(f, argnums=(1, 2))</c>: the Hessian with respect to arguments (1, 2) as JAX's nested tuple of blocks, block (i, j) shaped argument i's shape ++ argument j's shape.</summary>
    public static Func<A, NDArray, NDArray, ((NDArray, NDArray), (NDArray, NDArray))> Hessian<A>(Func<A, NDArray, NDArray, NDArray> f, Argnums.SecondAndThirdArguments argnums) => WrtSecondAndThird(f, HessianOf<(NDArray, NDArray), ((NDArray, NDArray), (NDArray, NDArray))>(h => ((h[0][0], h[0][1]), (h[1][0], h[1][1]))));

    /// <summary><c>jax.grad(f, argnums=(0, 1, 2))</c> of a 3-argument function: the gradient with respect to arguments (0, 1, 2); a tuple with one gradient per argument.</summary>
    public static Func<A, B, C, (A, B, C)> Grad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, GradOf<(A, B, C)>());
    /// <summary><c>jax.value_and_grad(f, argnums=(0, 1, 2))</c> of a 3-argument function: the value and the gradient as in <see cref="Grad{A, B, C}(Func{A, B, C, NDArray}, Argnums.AllArguments)"/>.</summary>
    public static Func<A, B, C, (NDArray Value, (A, B, C) Grad)> ValueAndGrad<A, B, C>(Func<A, B, C, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, ValueAndGradOf<(A, B, C)>());
    /// <summary><c>jax.grad(f, argnums=(0, 1, 2), has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: the gradient and the aux.</summary>
    public static Func<A, B, C, ((A, B, C) Grad, TAux Aux)> GradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.AllArguments argnums) => WrtAll(f, GradWithAuxOf<(A, B, C), TAux>());
    /// <summary><c>jax.value_and_grad(f, argnums=(0, 1, 2), has_aux=True)</c> of a 3-argument function returning <c>(value, aux)</c>: <c>((value, aux), grad)</c>.</summary>
    public static Func<A, B, C, ((NDArray Value, TAux Aux) Value, (A, B, C) Grad)> ValueAndGradWithAux<A, B, C, TAux>(Func<A, B, C, (NDArray Value, TAux Aux)> f, Argnums.AllArguments argnums) => WrtAll(f, ValueAndGradWithAuxOf<(A, B, C), TAux>());
    /// <summary><c>jax.jacfwd(f, argnums=(0, 1, 2))</c>: the Jacobian by forward mode with respect to arguments (0, 1, 2) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<NDArray, NDArray, NDArray, (NDArray, NDArray, NDArray)> Jacfwd(Func<NDArray, NDArray, NDArray, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, JacobianOf<(NDArray, NDArray, NDArray)>(true));
    /// <summary><c>jax.jacrev(f, argnums=(0, 1, 2))</c>: the Jacobian by reverse mode with respect to arguments (0, 1, 2) (one block per argument, out.Shape ++ that argument's shape).</summary>
    public static Func<NDArray, NDArray, NDArray, (NDArray, NDArray, NDArray)> Jacrev(Func<NDArray, NDArray, NDArray, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, JacobianOf<(NDArray, NDArray, NDArray)>(false));
    /// <summary><c>jax.hessian(f, argnums=(0, 1, 2))</c>: the Hessian with respect to arguments (0, 1, 2) as JAX's nested tuple of blocks, block (i, j) shaped argument i's shape ++ argument j's shape.</summary>
    public static Func<NDArray, NDArray, NDArray, ((NDArray, NDArray, NDArray), (NDArray, NDArray, NDArray), (NDArray, NDArray, NDArray))> Hessian(Func<NDArray, NDArray, NDArray, NDArray> f, Argnums.AllArguments argnums) => WrtAll(f, HessianOf<(NDArray, NDArray, NDArray), ((NDArray, NDArray, NDArray), (NDArray, NDArray, NDArray), (NDArray, NDArray, NDArray))>(h => ((h[0][0], h[0][1], h[0][2]), (h[1][0], h[1][1], h[1][2]), (h[2][0], h[2][1], h[2][2]))));
}
