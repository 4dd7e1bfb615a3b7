namespace Functional.AD.FSharp

// Placeholder: filled in by issue 12 work.
module internal NnPlaceholder =
    let internal unused = ()
