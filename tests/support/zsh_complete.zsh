# Completes a command line in a real interactive zsh: starts one in a pseudo-terminal (zpty),
# loads the completion system and the script, types LINE and a Tab, and prints what the
# terminal shows once WANT appears (or after 5 seconds).
# Usage: SCRIPT=FILE LINE='tether token ' WANT=text zsh -f zsh_complete.zsh
zmodload zsh/zpty
zpty -b z 'env PS1="> " TERM=dumb zsh -f -i'
zpty -w z "autoload -U compinit; compinit -u -D; source ${(q)SCRIPT}"
zpty -w -n z "${LINE}"$'\t'
out=
integer i
for (( i = 0; i < 50; i++ )); do
  sleep 0.1
  while zpty -r -t z chunk; do out+=$chunk; done
  [[ $out == *${WANT}* ]] && break
done
zpty -d z
print -r -- "$out"
