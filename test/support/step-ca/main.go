// Command step-ca, as the test lab runs it: smallstep's own `step-ca` start command
// (github.com/smallstep/certificates/commands.AppCommand, from Debian's
// golang-github-smallstep-certificates-dev 0.19) behind a bare urfave/cli app, so the lab parses
// `step-ca <config> --password-file <file>` and reads, trims and applies the password exactly as the
// released binary does. Debian ships the packages but not cmd/step-ca, whose main also wires the
// cloud KMS and CAS plug-ins and the version banner; the lab needs none of them (the soft KMS and
// the soft CAS are registered by the packages themselves).
//
// Built by test/support/step-ca.ts in GOPATH mode against /usr/share/gocode, without any download.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/smallstep/certificates/authority"
	"github.com/smallstep/certificates/commands"
	"github.com/urfave/cli"
)

// The version /version reports: the Debian package's, set at build time (-X main.version=…) as the
// released binary's own build sets it; GlobalVersion is "0.0.0" otherwise.
var version = "0.0.0"

func main() {
	authority.GlobalVersion.Version = version
	app := cli.NewApp()
	app.Name = "step-ca"
	app.HelpName = "step-ca"
	app.Usage = "an online certificate authority (the certwright test lab's build)"
	app.UsageText = "step-ca <config> [--password-file=<file>]"
	app.HideVersion = true
	// The app knows the start command's flags only so that its own parse accepts them.
	app.Flags = commands.AppCommand.Flags
	app.Action = func(*cli.Context) error {
		// The start command parses the whole command line again as a command does, which lets flags
		// follow the config file (`step-ca config/ca.json --password-file F`); an app's parse stops
		// at the first positional argument. os.Args[0] stands where a command's name would be.
		all := flag.NewFlagSet(app.Name, flag.ContinueOnError)
		if err := all.Parse(os.Args); err != nil {
			return err
		}
		return commands.AppCommand.Run(cli.NewContext(app, all, nil))
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
