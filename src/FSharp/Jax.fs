namespace Functional.AD.FSharp

// Placeholder: filled in by issue 12 work.
module internal JaxPlaceholder =
    let internal unused = ()
