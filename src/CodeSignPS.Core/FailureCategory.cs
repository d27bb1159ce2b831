namespace CodeSignPS.Core;

/// <summary>Kinds of failure, mapped one to one onto PowerShell error categories by the cmdlets.</summary>
public enum FailureCategory
{
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    ObjectNotFound,
    PermissionDenied,
    NotImplemented,
    SecurityError,
    ResourceUnavailable,
    OperationTimeout,
    ReadError,
    WriteError,
    NotSpecified,
}
