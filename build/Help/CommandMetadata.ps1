# Reads what help needs from a compiled command: parameter types, sets, positions, pipeline input,
# aliases and wildcard support. Pages supply the words; the command supplies these facts, so help
# cannot drift from the code.

$script:CommonParameterNames = [System.Management.Automation.Cmdlet]::CommonParameters +
    [System.Management.Automation.Cmdlet]::OptionalCommonParameters

# -WhatIf and -Confirm appear in the syntax, as Get-Command -Syntax shows them, but like the other
# common parameters they need no description on the page.
$script:ShouldProcessParameterNames = @('WhatIf', 'Confirm')

function Get-HelpTypeName {
    # Short type names, as Get-Help shows them: String[], SecureString, SwitchParameter.
    param([type] $Type)

    if ($Type.IsArray) { return (Get-HelpTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) {
        $arguments = ($Type.GetGenericArguments() | ForEach-Object { Get-HelpTypeName $_ }) -join ', '
        return $Type.Name.Split('`')[0] + "[$arguments]"
    }
    return $Type.Name
}

function Get-PipelineInputText {
    param([System.Management.Automation.ParameterSetMetadata] $SetMetadata)

    $kinds = @()
    if ($SetMetadata.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($SetMetadata.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds.Count -eq 0) { return 'False' }
    return "True ($($kinds -join ', '))"
}

function Get-ParameterFacts {
    # Facts about one parameter in one parameter set.
    param(
        [System.Management.Automation.ParameterMetadata] $Parameter,
        [System.Management.Automation.ParameterSetMetadata] $SetMetadata
    )

    $isSwitch = $Parameter.SwitchParameter
    $globbing = [bool] ($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    [pscustomobject]@{
        Name          = $Parameter.Name
        TypeName      = Get-HelpTypeName $Parameter.ParameterType
        FullTypeName  = $Parameter.ParameterType.FullName
        IsSwitch      = $isSwitch
        Mandatory     = $SetMetadata.IsMandatory
        Position      = if ($SetMetadata.Position -ge 0) { [string] $SetMetadata.Position } else { 'named' }
        PipelineInput = Get-PipelineInputText $SetMetadata
        Aliases       = if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }
        Globbing      = $globbing
    }
}

function Get-SetFacts {
    # The parameters of one set, positional ones first by position, then the mandatory ones.
    param([System.Management.Automation.CommandInfo] $Command, [string] $SetName)

    $facts = foreach ($parameter in $Command.Parameters.Values) {
        if ($parameter.Name -in $script:CommonParameterNames -and $parameter.Name -notin $script:ShouldProcessParameterNames) { continue }
        $setMetadata = $parameter.ParameterSets[$SetName]
        if (-not $setMetadata) { $setMetadata = $parameter.ParameterSets['__AllParameterSets'] }
        if ($setMetadata) { Get-ParameterFacts $parameter $setMetadata }
    }
    return @($facts | Sort-Object -Stable -Property `
            @{ Expression = { if ($_.Position -eq 'named') { [int]::MaxValue } else { [int] $_.Position } } },
            @{ Expression = { -not $_.Mandatory } })
}

function Get-HelpCommandMetadata {
    # Builds the metadata the MAML writer uses for one command.
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command)

    $sets = foreach ($set in $Command.ParameterSets) {
        [pscustomobject]@{ Name = $set.Name; IsDefault = $set.IsDefault; Parameters = Get-SetFacts $Command $set.Name }
    }

    # A parameter's entry in the PARAMETERS list: required when it is mandatory in every set that
    # has it, and at the first position it takes in any set.
    $parameters = [ordered]@{}
    foreach ($set in $sets) {
        foreach ($fact in $set.Parameters) {
            if ($fact.Name -in $script:ShouldProcessParameterNames) { continue }
            if (-not $parameters.Contains($fact.Name)) {
                $parameters[$fact.Name] = $fact.PSObject.Copy()
                continue
            }
            $entry = $parameters[$fact.Name]
            $entry.Mandatory = $entry.Mandatory -and $fact.Mandatory
            if ($entry.Position -eq 'named') { $entry.Position = $fact.Position }
            if ($entry.PipelineInput -eq 'False') { $entry.PipelineInput = $fact.PipelineInput }
        }
    }

    $verb, $noun = $Command.Name.Split('-', 2)
    [pscustomobject]@{
        Name          = $Command.Name
        Verb          = $verb
        Noun          = $noun
        ParameterSets = @($sets)
        Parameters    = $parameters
        OutputTypes   = @($Command.OutputType | ForEach-Object Name)
    }
}
