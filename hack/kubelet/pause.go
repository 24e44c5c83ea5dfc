// The Pod sandbox's process (what registry.k8s.io/pause is elsewhere): holds the Pod's namespaces
// and waits until it is told to stop. Built by hack/kubelet.sh; no registry is reachable here.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
}
