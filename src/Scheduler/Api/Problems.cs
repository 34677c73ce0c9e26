namespace ReportForge.Scheduler.Api;

/// <summary>problem+json answers that name the field at fault and say how to fix it.</summary>
internal static class Problems
{
    public static IResult Field(string field, string message, int status = StatusCodes.Status400BadRequest, string title = "The request is not valid") =>
        Fields(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] }, status, title);

    /// <summary>A problem with an "errors" member: field name → what is wrong and how to fix it.</summary>
    public static IResult Fields(IDictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest, string title = "The request is not valid") =>
        Results.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = status,
            Title = title,
            Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        });

    public static IResult NotFound(string what, string id, string fix) =>
        Field("id", $"No {what} '{id}'. {fix}", StatusCodes.Status404NotFound, $"Unknown {what}");

    public static IResult Conflict(string field, string message, string title) => Field(field, message, StatusCodes.Status409Conflict, title);

    public static IResult Unauthorized(string message) =>
        Field(ApiKeys.Header, message, StatusCodes.Status401Unauthorized, "An API key is required");
}
