# Writes PowerShell command help in MAML, the XML format Get-Help reads from
# <module>/<culture>/<Assembly>.dll-Help.xml. Each command combines a parsed page (the words) with
# its compiled metadata (types, sets, positions).

$script:MamlNamespaces = [ordered]@{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Write-MamlElement {
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [string] $Text)
    $Writer.WriteElementString($Prefix, $Name, $script:MamlNamespaces[$Prefix], $Text)
}

function Write-MamlStart {
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [hashtable] $Attributes = @{})
    $Writer.WriteStartElement($Prefix, $Name, $script:MamlNamespaces[$Prefix])
    foreach ($key in $Attributes.Keys | Sort-Object) { $Writer.WriteAttributeString($key, [string] $Attributes[$key]) }
}

function Write-MamlParagraphs {
    # <maml:description> holding one <maml:para> per paragraph.
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs, [string] $Prefix = 'maml', [string] $Name = 'description')

    Write-MamlStart $Writer $Prefix $Name
    foreach ($paragraph in $Paragraphs) { Write-MamlElement $Writer 'maml' 'para' $paragraph }
    $Writer.WriteEndElement()
}

function Get-PageParameterText {
    # The page's description of a parameter; empty when the page leaves it out, which
    # New-ModuleHelp.ps1 reports and tests/Pester/Help.Tests.ps1 fails on.
    param([object] $Page, [string] $Name)
    if ($Page.Parameters.Contains($Name)) { return $Page.Parameters[$Name].Description }
    return @()
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $Writer, [object] $Fact, [string[]] $Description)

    $attributes = @{
        required       = $Fact.Mandatory.ToString().ToLowerInvariant()
        variableLength = 'true'
        globbing       = $Fact.Globbing.ToString().ToLowerInvariant()
        pipelineInput  = $Fact.PipelineInput
        position       = $Fact.Position
        aliases        = $Fact.Aliases
    }
    Write-MamlStart $Writer 'command' 'parameter' $attributes
    Write-MamlElement $Writer 'maml' 'name' $Fact.Name
    Write-MamlParagraphs $Writer $Description
    if (-not $Fact.IsSwitch) {
        Write-MamlStart $Writer 'command' 'parameterValue' @{ required = 'true'; variableLength = 'false' }
        $Writer.WriteString($Fact.TypeName)
        $Writer.WriteEndElement()
    }
    Write-MamlStart $Writer 'dev' 'type'
    Write-MamlElement $Writer 'maml' 'name' $Fact.FullTypeName
    $Writer.WriteEndElement()
    Write-MamlElement $Writer 'dev' 'defaultValue' $(if ($Fact.IsSwitch) { 'False' } else { 'None' })
    $Writer.WriteEndElement()
}

function Write-MamlTypes {
    # <command:inputTypes> or <command:returnValues>.
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Types)

    Write-MamlStart $Writer 'command' $ListName
    foreach ($type in $Types) {
        Write-MamlStart $Writer 'command' $ItemName
        Write-MamlStart $Writer 'dev' 'type'
        Write-MamlElement $Writer 'maml' 'name' $type.TypeName
        $Writer.WriteEndElement()
        Write-MamlParagraphs $Writer $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlExamples {
    param([System.Xml.XmlWriter] $Writer, [object[]] $Examples)

    Write-MamlStart $Writer 'command' 'examples'
    foreach ($example in $Examples) {
        Write-MamlStart $Writer 'command' 'example'
        Write-MamlElement $Writer 'maml' 'title' "-------------------------- $($example.Title) --------------------------"
        Write-MamlElement $Writer 'dev' 'code' $example.Code
        Write-MamlParagraphs $Writer $example.Remarks 'dev' 'remarks'
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, [object] $Page, [object] $Metadata)

    Write-MamlStart $Writer 'command' 'command'
    foreach ($prefix in $script:MamlNamespaces.Keys) {
        $Writer.WriteAttributeString('xmlns', $prefix, $null, $script:MamlNamespaces[$prefix])
    }

    Write-MamlStart $Writer 'command' 'details'
    Write-MamlElement $Writer 'command' 'name' $Metadata.Name
    Write-MamlElement $Writer 'command' 'verb' $Metadata.Verb
    Write-MamlElement $Writer 'command' 'noun' $Metadata.Noun
    Write-MamlParagraphs $Writer @($Page.Synopsis)
    $Writer.WriteEndElement()
    Write-MamlParagraphs $Writer $Page.Description

    Write-MamlStart $Writer 'command' 'syntax'
    foreach ($set in $Metadata.ParameterSets) {
        Write-MamlStart $Writer 'command' 'syntaxItem'
        Write-MamlElement $Writer 'maml' 'name' $Metadata.Name
        foreach ($fact in $set.Parameters) { Write-MamlParameter $Writer $fact (Get-PageParameterText $Page $fact.Name) }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Write-MamlStart $Writer 'command' 'parameters'
    foreach ($fact in $Metadata.Parameters.Values) { Write-MamlParameter $Writer $fact (Get-PageParameterText $Page $fact.Name) }
    $Writer.WriteEndElement()

    $outputs = @($Page.Outputs)
    if ($outputs.Count -eq 0) { $outputs = @($Metadata.OutputTypes | ForEach-Object { [pscustomobject]@{ TypeName = $_; Description = @() } }) }
    if ($Page.Inputs.Count -gt 0) { Write-MamlTypes $Writer 'inputTypes' 'inputType' $Page.Inputs }
    if ($outputs.Count -gt 0) { Write-MamlTypes $Writer 'returnValues' 'returnValue' $outputs }

    if ($Page.Notes.Count -gt 0) {
        Write-MamlStart $Writer 'maml' 'alertSet'
        Write-MamlParagraphs $Writer $Page.Notes 'maml' 'alert'
        $Writer.WriteEndElement()
    }

    Write-MamlExamples $Writer $Page.Examples
    $Writer.WriteEndElement()
}

function Write-MamlHelpFile {
    # Writes one MAML file with a command entry per (page, metadata) pair.
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Entries)

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $directory = Split-Path -Parent $Path
    if ($directory) { $null = New-Item -ItemType Directory -Force -Path $directory }

    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($entry in $Entries) { Write-MamlCommand $writer $entry.Page $entry.Metadata }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}
