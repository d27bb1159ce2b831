# Reads a cmdlet page (docs/cmdlets/<Cmdlet-Name>.md) into a help object. The layout is described
# in docs/cmdlets/README.md; anything outside it is reported with the file and line, so that the
# build stops on a malformed page instead of writing incomplete help.

$script:PageSections = @('SYNOPSIS', 'DESCRIPTION', 'PARAMETERS', 'EXAMPLES', 'INPUTS', 'OUTPUTS', 'NOTES')
$script:RequiredPageSections = @('SYNOPSIS', 'DESCRIPTION', 'PARAMETERS', 'EXAMPLES')

function New-PageError {
    param([string] $Path, [int] $Line, [string] $Message)
    $location = if ($Line -gt 0) { "${Path}:$Line" } else { $Path }
    return [System.IO.InvalidDataException]::new("${location}: $Message See docs/cmdlets/README.md for the page layout.")
}

function Split-PageSections {
    # Splits the page into its title and its '##' sections. Headings inside fenced code blocks are
    # code, not structure.
    param([string] $Path, [string[]] $Lines)

    $page = [pscustomobject]@{ Title = $null; TitleLine = 0; Sections = [ordered]@{} }
    $current = $null
    $inFence = $false
    $fenceLine = 0

    for ($index = 0; $index -lt $Lines.Count; $index++) {
        $line = $Lines[$index]
        $number = $index + 1
        if ($line -match '^\s*```') {
            $inFence = -not $inFence
            $fenceLine = $number
        }

        if (-not $inFence -and $line -match '^# (?<title>\S.*?)\s*$') {
            if ($page.Title) { throw (New-PageError $Path $number "expected one '# Name' title, found a second: '$line'.") }
            $page.Title = $Matches.title
            $page.TitleLine = $number
            continue
        }
        if (-not $inFence -and $line -match '^## (?<name>\S.*?)\s*$') {
            $name = $Matches.name.ToUpperInvariant()
            if ($name -notin $script:PageSections) {
                throw (New-PageError $Path $number "unknown section '## $($Matches.name)'; expected one of $($script:PageSections -join ', ').")
            }
            if ($page.Sections.Contains($name)) {
                throw (New-PageError $Path $number "section '## $name' appears twice.")
            }
            $current = [pscustomobject]@{ Name = $name; Line = $number; Lines = [System.Collections.Generic.List[object]]::new() }
            $page.Sections[$name] = $current
            continue
        }

        if ($null -eq $current) {
            if ($line.Trim() -and $page.Title) {
                throw (New-PageError $Path $number "expected a '## SYNOPSIS' section after the title, found '$line'.")
            }
            if ($line.Trim() -and -not $page.Title) {
                throw (New-PageError $Path $number "expected the page to start with '# Cmdlet-Name', found '$line'.")
            }
            continue
        }
        $current.Lines.Add([pscustomobject]@{ Number = $number; Text = $line })
    }

    if ($inFence) { throw (New-PageError $Path $fenceLine 'the fenced code block opened here is not closed with a ``` line.') }
    return $page
}

function Split-Subsections {
    # Splits a section's lines at its '###' headings. Returns the lines before the first heading and
    # one entry per heading.
    param([string] $Path, [object] $Section)

    $result = [pscustomobject]@{ Preamble = [System.Collections.Generic.List[object]]::new(); Items = [System.Collections.Generic.List[object]]::new() }
    $current = $null
    $inFence = $false
    foreach ($line in $Section.Lines) {
        if ($line.Text -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.Text -match '^#{4,} ') {
            throw (New-PageError $Path $line.Number "headings below '###' are not part of the layout: '$($line.Text)'.")
        }
        if (-not $inFence -and $line.Text -match '^### (?<heading>\S.*?)\s*$') {
            $current = [pscustomobject]@{ Heading = $Matches.heading; Line = $line.Number; Lines = [System.Collections.Generic.List[object]]::new() }
            $result.Items.Add($current)
            continue
        }
        if ($null -eq $current) { $result.Preamble.Add($line) } else { $current.Lines.Add($line) }
    }
    return $result
}

function Assert-NoPreamble {
    # Text between a section heading and its first '###' would be lost, so it is an error.
    param([string] $Path, [object] $Parts, [string] $Section, [string] $Expected)

    $text = @($Parts.Preamble | Where-Object { $_.Text.Trim() })
    if ($text.Count -gt 0) {
        throw (New-PageError $Path $text[0].Number "'## $Section' contains only '$Expected' subsections; found text before the first one: '$($text[0].Text)'.")
    }
}

function ConvertTo-HelpParagraphs {
    # Turns markdown lines into help paragraphs: lines of a paragraph are joined, each list item is
    # its own paragraph, and a fenced block stays one paragraph with its line breaks.
    param([object[]] $Lines)

    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $fence = $null

    $flush = {
        if ($buffer.Count -gt 0) { $paragraphs.Add(($buffer -join ' ')); $buffer.Clear() }
    }
    foreach ($line in $Lines) {
        $text = $line.Text
        if ($null -ne $fence) {
            if ($text -match '^\s*```') { $paragraphs.Add(($fence -join "`n")); $fence = $null } else { $fence.Add($text) }
            continue
        }
        if ($text -match '^\s*```') { & $flush; $fence = [System.Collections.Generic.List[string]]::new(); continue }
        if (-not $text.Trim()) { & $flush; continue }
        if ($text -match '^\s*([-*]|\d+\.)\s+') { & $flush }
        $buffer.Add($text.Trim())
    }
    & $flush
    return , $paragraphs.ToArray()
}

function Read-PageExample {
    # An example is a ```powershell block right after its heading, then remarks.
    param([string] $Path, [object] $Item, [int] $Expected)

    if ($Item.Heading -notmatch '^Example (?<number>\d+)(:\s*(?<title>\S.*))?$') {
        throw (New-PageError $Path $Item.Line "expected an example heading '### Example $Expected' or '### Example ${Expected}: Title', found '### $($Item.Heading)'.")
    }
    $number = [int] $Matches.number
    $title = if ($Matches['title']) { "Example ${Expected}: $($Matches['title'])" } else { "Example $Expected" }
    if ($number -ne $Expected) {
        throw (New-PageError $Path $Item.Line "examples are numbered from 1 in order; expected 'Example $Expected', found 'Example $number'.")
    }

    $start = 0
    while ($start -lt $Item.Lines.Count -and -not $Item.Lines[$start].Text.Trim()) { $start++ }
    if ($start -ge $Item.Lines.Count -or $Item.Lines[$start].Text -notmatch '^```(powershell|pwsh)\s*$') {
        $found = if ($start -lt $Item.Lines.Count) { "'$($Item.Lines[$start].Text)'" } else { 'nothing' }
        throw (New-PageError $Path $Item.Line "example $Expected must start with a fenced block opened by ``````powershell; found $found.")
    }

    $end = $start + 1
    while ($end -lt $Item.Lines.Count -and $Item.Lines[$end].Text -notmatch '^\s*```') { $end++ }
    $code = @($Item.Lines | Select-Object -Skip ($start + 1) -First ($end - $start - 1) | ForEach-Object Text) -join "`n"
    if (-not $code.Trim()) { throw (New-PageError $Path $Item.Line "the code block of example $Expected is empty.") }

    $remarks = ConvertTo-HelpParagraphs @($Item.Lines | Select-Object -Skip ($end + 1))
    return [pscustomobject]@{ Title = $title; Code = $code.TrimEnd(); Remarks = $remarks }
}

function Read-PageTypes {
    # INPUTS and OUTPUTS: one '### TypeName' per type with its description, or plain text.
    param([string] $Path, [object] $Section)

    $parts = Split-Subsections $Path $Section
    $types = [System.Collections.Generic.List[object]]::new()
    foreach ($item in $parts.Items) {
        $types.Add([pscustomobject]@{ TypeName = $item.Heading; Description = ConvertTo-HelpParagraphs $item.Lines })
    }
    $text = ConvertTo-HelpParagraphs $parts.Preamble
    if ($text.Count -gt 0) {
        $types.Insert(0, [pscustomobject]@{ TypeName = ''; Description = $text })
    }
    return , $types.ToArray()
}

function Read-PageParameters {
    param([string] $Path, [object] $Section)

    $parts = Split-Subsections $Path $Section
    Assert-NoPreamble $Path $parts 'PARAMETERS' '### -Name'
    $parameters = [ordered]@{}
    foreach ($item in $parts.Items) {
        if ($item.Heading -notmatch '^-(?<name>[A-Za-z][A-Za-z0-9_]*)$') {
            throw (New-PageError $Path $item.Line "expected a parameter heading '### -Name', found '### $($item.Heading)'.")
        }
        $name = $Matches.name
        if ($parameters.Contains($name)) { throw (New-PageError $Path $item.Line "parameter -$name is documented twice.") }

        $description = ConvertTo-HelpParagraphs $item.Lines
        if ($description.Count -eq 0) { throw (New-PageError $Path $item.Line "parameter -$name has no description.") }
        $parameters[$name] = [pscustomobject]@{ Name = $name; Line = $item.Line; Description = $description }
    }
    return $parameters
}

function ConvertFrom-CmdletPage {
    # Parses one cmdlet page; throws InvalidDataException naming the file and line when it is malformed.
    param([Parameter(Mandatory)] [string] $Path)

    $lines = [System.IO.File]::ReadAllLines($Path)
    $page = Split-PageSections $Path $lines
    $expectedName = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    if (-not $page.Title) { throw (New-PageError $Path 0 "expected a '# $expectedName' title line, found none.") }
    if ($page.Title -ne $expectedName) {
        throw (New-PageError $Path $page.TitleLine "the title '# $($page.Title)' does not match the file name; expected '# $expectedName'.")
    }
    foreach ($required in $script:RequiredPageSections) {
        if (-not $page.Sections.Contains($required)) { throw (New-PageError $Path 0 "the '## $required' section is missing.") }
    }

    foreach ($name in 'SYNOPSIS', 'DESCRIPTION', 'NOTES') {
        if ($page.Sections.Contains($name)) {
            $subsections = Split-Subsections $Path $page.Sections[$name]
            if ($subsections.Items.Count -gt 0) {
                throw (New-PageError $Path $subsections.Items[0].Line "'## $name' takes plain text, not '###' headings.")
            }
        }
    }
    $synopsis = ConvertTo-HelpParagraphs $page.Sections['SYNOPSIS'].Lines
    if ($synopsis.Count -ne 1) {
        throw (New-PageError $Path $page.Sections['SYNOPSIS'].Line "'## SYNOPSIS' must be one paragraph; found $($synopsis.Count).")
    }
    $description = ConvertTo-HelpParagraphs $page.Sections['DESCRIPTION'].Lines
    if ($description.Count -eq 0) { throw (New-PageError $Path $page.Sections['DESCRIPTION'].Line "'## DESCRIPTION' is empty.") }

    $exampleParts = Split-Subsections $Path $page.Sections['EXAMPLES']
    Assert-NoPreamble $Path $exampleParts 'EXAMPLES' '### Example 1'
    if ($exampleParts.Items.Count -eq 0) {
        throw (New-PageError $Path $page.Sections['EXAMPLES'].Line "'## EXAMPLES' has no '### Example 1' subsection; every cmdlet needs at least one example.")
    }
    $examples = for ($i = 0; $i -lt $exampleParts.Items.Count; $i++) { Read-PageExample $Path $exampleParts.Items[$i] ($i + 1) }

    return [pscustomobject]@{
        Name        = $page.Title
        Path        = $Path
        Synopsis    = $synopsis[0]
        Description = $description
        Parameters  = Read-PageParameters $Path $page.Sections['PARAMETERS']
        Examples    = @($examples)
        Inputs      = @(if ($page.Sections.Contains('INPUTS')) { Read-PageTypes $Path $page.Sections['INPUTS'] })
        Outputs     = @(if ($page.Sections.Contains('OUTPUTS')) { Read-PageTypes $Path $page.Sections['OUTPUTS'] })
        Notes       = @(if ($page.Sections.Contains('NOTES')) { ConvertTo-HelpParagraphs $page.Sections['NOTES'].Lines })
    }
}
